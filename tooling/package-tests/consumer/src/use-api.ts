// Uses every entry of the published packages against a running server; prints what it saw as JSON.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createClient, isClientError, type RouterOutputs } from '@charter/client';
import { CreateTaskInput, contract } from '@charter/contract';
import { formatRateLimitHeaders, parseRateLimitHeaders, type RateLimitBudget } from '@charter/rpc';
import { openApiDocument } from '@charter/rpc/openapi';
import { decodeXml, encodeXml } from '@charter/rpc/server';

type Task = RouterOutputs['tasks']['create'];

const url = process.argv[2];
if (!url) throw new Error('usage: node build/src/use-api.js <server url>');

let budgets: RateLimitBudget[] = [];
const session = await createClient({ url }).auth.signUp.mutate({
  email: `consumer-${Date.now()}@example.com`,
  password: 'correct horse battery staple',
  name: 'Consumer',
});
const client = createClient({
  url,
  auth: { accessToken: session.accessToken },
  onRateLimit: (reported) => {
    budgets = reported;
  },
});
const project = await client.projects.create.mutate({ name: 'From npm' });
// The contract's schema as form validation, before anything is sent.
const input = CreateTaskInput.parse({
  projectId: project.id,
  title: 'Installed from a tarball',
  dueDate: new Date('2030-06-01T09:00:00Z'),
});
const task: Task = await client.tasks.create.mutate(input);

let refusal: { appCode: string | undefined; issuePaths: string[] } | undefined;
try {
  await client.tasks.create.mutate({ projectId: project.id, title: '' });
} catch (error) {
  if (!isClientError(error)) throw error;
  refusal = {
    appCode: error.data?.appCode,
    issuePaths: (error.data?.issues ?? []).map((issue) => issue.path.join('.')),
  };
}

const xml = encodeXml({ title: task.title, labels: task.labels }, { root: 'output' });
const document = openApiDocument(contract, {
  info: { title: 'From npm', version: '1.0.0' },
  securitySchemes: { bearer: { scheme: { type: 'http', scheme: 'bearer' } } },
});
const xmlGuide = readFileSync(fileURLToPath(import.meta.resolve('@charter/rpc/xml-mapping.md')), 'utf8');

console.log(
  JSON.stringify({
    dueDateIsDate: task.dueDate instanceof Date,
    dueDate: task.dueDate?.toISOString(),
    refusal,
    budgetNames: budgets.map((budget) => budget.name),
    headersRoundTrip: parseRateLimitHeaders(new Headers(formatRateLimitHeaders(budgets))),
    xmlBack: decodeXml(xml, undefined),
    openApiOperations: Object.keys(document.paths).length,
    xmlGuideHeading: xmlGuide.split('\n')[0],
  }),
);
