import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GuideSlug, guideMarkdown, guides } from '../src/docs/guides.ts';
import { type CodeBlock, codeBlocks } from './support/code-blocks.ts';
import { runPython, runShell, runTypescriptProgram } from './support/example-runners.ts';
import { createExampleWorld, type ExampleWorld } from './support/example-world.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const runnable = new Set(['sh', 'python', 'ts']);
const escapeHtml = (text: string) =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

/**
 * Every code block of every guide is shown as written and runs green against a real server: shell
 * blocks with the reader's credentials in the environment, Python and TypeScript walkthroughs
 * whole. Usage examples (`example` blocks) run in docs-examples.test.ts.
 */
describe('the guides', () => {
  let server: TestServer;
  let world: ExampleWorld;
  let markdown: Record<GuideSlug, string>;

  beforeAll(async () => {
    server = await startTestServer('pglite');
    world = await createExampleWorld(server);
    markdown = guideMarkdown({
      origin: server.url,
      accessTokenTtlSeconds: server.env.ACCESS_TOKEN_TTL_SECONDS,
      budgets: server.env.RATE_LIMITS,
    });
  });
  afterAll(() => server.close());

  const blocksOf = (slug: GuideSlug) =>
    codeBlocks(markdown[slug]).filter((block) => runnable.has(block.lang));
  const preludeOf = (lang: string) =>
    codeBlocks(markdown['getting-started']).find(
      (block) => block.lang === lang && block.tags.includes('prelude'),
    )?.code ?? '';

  /** The shell environment of a guide's curl blocks: the reader's account, a key and an OAuth app of theirs. */
  async function shellEnvironment(): Promise<Record<string, string>> {
    const { reader } = world;
    const { key } = await reader.client.apiKeys.create.mutate({ name: 'guide', scopes: ['projects:read'] });
    const app = await reader.client.oauthApps.create.mutate({
      name: 'guide',
      redirectUris: ['https://app.example.com/callback'],
      confidential: true,
      scopes: ['projects:read'],
    });
    const { refreshToken } = await server
      .client()
      .auth.logIn.mutate({ email: reader.email, password: reader.password });
    return {
      CHARTER_URL: server.url,
      TOKEN: reader.accessToken,
      EMAIL: reader.email,
      PASSWORD: reader.password,
      REFRESH_TOKEN: refreshToken,
      API_KEY: key,
      CLIENT_ID: app.clientId,
      CLIENT_SECRET: app.clientSecret ?? '',
    };
  }

  async function runBlock(block: CodeBlock): Promise<{ ok: boolean; output: string }> {
    const runtime = { url: server.url, token: world.reader.accessToken };
    if (block.lang === 'sh') return runShell(block.code, await shellEnvironment());
    if (block.lang === 'python' && block.tags.includes('walkthrough')) {
      const outcome = (
        await runPython(
          preludeOf('python'),
          [{ name: 'walkthrough', code: block.code, variables: {} }],
          runtime,
        )
      ).get('walkthrough');
      return outcome ?? { ok: false, output: 'no outcome' };
    }
    if (block.lang === 'ts' && block.tags.includes('run')) return runTypescriptProgram(block.code, runtime);
    return {
      ok: false,
      output: `a ${block.lang} block tagged [${block.tags.join(' ')}] is neither run nor a prelude`,
    };
  }

  it.each(guides.map(({ slug }) => slug))('%s: every code block runs green, as shown', async (slug) => {
    const page = await (
      await fetch(`${server.url}${slug === 'errors' ? '/docs/errors' : `/docs/guides/${slug}`}`)
    ).text();
    for (const block of codeBlocks(markdown[slug])) {
      expect(page, `${slug} shows the ${block.lang} block as written`).toContain(escapeHtml(block.code));
    }
    for (const block of blocksOf(slug)) {
      if (block.tags.includes('example')) {
        expect(slug, 'generated usage examples belong on the examples page').toBe('examples');
        continue; // run by docs-examples.test.ts, from the same generator
      }
      if (block.tags.includes('prelude')) continue; // runs ahead of every example of its language
      const { ok, output } = await runBlock(block);
      expect(ok, `${slug}: ${block.lang} block failed:\n${block.code}\n---\n${output}`).toBe(true);
    }
  });
});
