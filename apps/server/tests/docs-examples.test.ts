import { contract } from '@charter/contract';
import { type RestOperation, restOperations } from '@charter/rpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guideMarkdown } from '../src/docs/guides.ts';
import { usageExample } from '../src/docs/usage-examples.ts';
import { codeBlocks } from './support/code-blocks.ts';
import {
  type ExampleOutcome,
  type RunnableExample,
  runPython,
  runShell,
  runShellStream,
  runTypescript,
} from './support/example-runners.ts';
import { createExampleWorld, type ExampleWorld, shellCase } from './support/example-world.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const operations = restOperations(contract);
const isStream = (operation: RestOperation) => operation.procedure.type === 'subscription';

/**
 * Every usage example the docs show (reference and examples page, one generator) runs against a
 * real server, in every language: a wrong example fails here. Each language gets its own server,
 * since the examples sign up the same example account.
 */
describe.each(['curl', 'typescript', 'python'] as const)('the %s examples', (language) => {
  let server: TestServer;
  let world: ExampleWorld;
  let outcomes: Map<string, ExampleOutcome>;

  beforeAll(async () => {
    server = await startTestServer('pglite');
    world = await createExampleWorld(server);
    const examples: RunnableExample[] = [];
    for (const operation of operations) {
      const example = usageExample(operation);
      const variables = await world.bind(example.variables);
      examples.push({
        name: operation.procedurePath,
        code: example[language],
        variables,
        ...(isStream(operation) && variables.projectId ? { streamsProject: variables.projectId } : {}),
      });
    }
    const runtime = { url: server.url, token: world.reader.accessToken };
    const prelude = (lang: string) => {
      const facts = {
        origin: server.url,
        accessTokenTtlSeconds: server.env.ACCESS_TOKEN_TTL_SECONDS,
        budgets: server.env.RATE_LIMITS,
      };
      const block = codeBlocks(guideMarkdown(facts)['getting-started']).find(
        (candidate) => candidate.lang === lang && candidate.tags.includes('prelude'),
      );
      if (!block) throw new Error(`Getting started has no ${lang} prelude`);
      return block.code;
    };
    if (language === 'python') outcomes = await runPython(prelude('python'), examples, runtime);
    else if (language === 'typescript') outcomes = await runTypescript(prelude('ts'), examples, runtime);
    else outcomes = await runCurlExamples(examples, runtime);
  }, 240_000);
  afterAll(() => server.close());

  async function runCurlExamples(examples: RunnableExample[], runtime: { url: string; token: string }) {
    const results = new Map<string, ExampleOutcome>();
    for (const example of examples) {
      const env = {
        CHARTER_URL: runtime.url,
        TOKEN: runtime.token,
        ...Object.fromEntries(
          Object.entries(example.variables).map(([name, value]) => [shellCase(name), value]),
        ),
      };
      const { streamsProject } = example;
      results.set(
        example.name,
        streamsProject
          ? await runShellStream(example.code, env, () =>
              world.reader.client.tasks.create.mutate({ projectId: streamsProject, title: 'Poke' }),
            )
          : await runShell(example.code, env),
      );
    }
    return results;
  }

  it.each(operations.map((operation) => operation.procedurePath))('%s runs green', (procedurePath) => {
    const outcome = outcomes.get(procedurePath);
    expect(outcome, `no outcome for ${procedurePath}`).toBeDefined();
    expect(outcome?.ok, outcome?.output).toBe(true);
  });
});
