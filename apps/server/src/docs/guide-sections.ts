import { contract, limits } from '@charter/contract';
import contractManifest from '@charter/contract/package.json' with { type: 'json' };
import { isMcpTool, listProcedures, mcpToolName, restOnlyErrors } from '@charter/rpc';
import { type RestOperation, restOperations } from '@charter/rpc/server';
import type { BudgetSizes } from '../rate-limit/budgets-config.ts';
import { usageExample } from './usage-examples.ts';

/** What the guides' `{{placeholders}}` are filled with: facts read from the contract and the configuration. */
export interface GuideFacts {
  origin: string;
  accessTokenTtlSeconds: number;
  budgets: BudgetSizes;
}

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
/** Where the reference (Swagger UI's deep link) opens an operation. */
export const referenceHref = ({ procedurePath, operationId }: RestOperation): string =>
  `/docs/reference#/${procedurePath.split('.')[0]}/${operationId}`;
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** Every placeholder a guide may use, generated so no fact is written twice. */
export function guideSections(facts: GuideFacts, xmlMapping: string): Record<string, string> {
  const operations = restOperations(contract);
  return {
    origin: facts.origin,
    accessTokenMinutes: String(Math.round(facts.accessTokenTtlSeconds / 60)),
    pageSizeDefault: String(limits.pageSizeDefault),
    pageSizeMax: String(limits.pageSizeMax),
    batchMaxCalls: String(limits.batchMaxCalls),
    scopes: scopesTable(),
    budgets: budgetsTable(facts.budgets),
    costs: costsTable(operations),
    errors: errorsList(),
    examples: examplesList(operations),
    xmlMapping,
    apiVersion: contractManifest.version,
    deprecations: deprecationsTable(operations),
    mcpTools: mcpToolsTable(),
  };
}

function scopesTable(): string {
  const rows = Object.entries(contract.scopes).map(
    ([scope, meaning]) => `| \`${scope}\` | ${cell(meaning)} |`,
  );
  return ['| scope | lets a credential |', '| --- | --- |', ...rows].join('\n');
}

function budgetsTable(budgets: BudgetSizes): string {
  const meaning: Record<keyof BudgetSizes, string> = {
    anonymous: 'calls without a credential, per client address',
    default: 'the plan every account starts on',
    elevated: 'the larger plan an operator can give an account',
    auth: 'sign-up, log-in, refresh, log-out and OAuth token calls, per client address, on top of the above',
  };
  const rows = Object.entries(budgets).map(
    ([name, size]) =>
      `| \`${name}\` | ${size.points} points per ${size.windowSeconds} s | ${meaning[name as keyof BudgetSizes]} |`,
  );
  return ['| budget | size | for |', '| --- | --- | --- |', ...rows].join('\n');
}

function costsTable(operations: RestOperation[]): string {
  const rows = operations.map(({ method, path, procedurePath, procedure: { meta } }) => {
    const budget = meta.budget ? ` + 1 from \`${meta.budget}\`` : '';
    return `| \`${method} ${path}\` | \`${procedurePath}\` | ${meta.cost}${budget} |`;
  });
  return ['| REST | tRPC | cost |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The deprecated procedures, with when, until when, what instead and why (the contract's `deprecated`). */
export function deprecationsTable(operations: RestOperation[]): string {
  const routeOf = (path: string | undefined) => {
    const operation = operations.find((candidate) => candidate.procedurePath === path);
    return operation ? ` (\`${operation.method} ${operation.path}\`)` : '';
  };
  const rows = operations.flatMap(({ method, path, procedurePath, procedure: { meta } }) => {
    const deprecation = typeof meta.deprecated === 'object' ? meta.deprecated : undefined;
    if (!meta.deprecated) return [];
    const replacement = deprecation?.replacement
      ? `\`${deprecation.replacement}\`${routeOf(deprecation.replacement)}`
      : '';
    return [
      `| \`${procedurePath}\` (\`${method} ${path}\`) | ${deprecation?.since ?? ''} | ${deprecation?.sunset ?? 'not set'} | ${replacement} | ${cell(deprecation?.reason ?? '')} |`,
    ];
  });
  if (rows.length === 0) return 'No procedure is deprecated.';
  return ['| procedure | since | sunset | instead | why |', '| --- | --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}

/** The whole catalogue, one entry per code, each an anchor that problem details' `type` links to. */
function errorsList(): string {
  const usedBy = new Map<string, string[]>();
  for (const { path, procedure } of listProcedures(contract.procedures)) {
    for (const code of procedure.meta.errors) usedBy.set(code, [...(usedBy.get(code) ?? []), path]);
  }
  const operations = new Map(
    restOperations(contract).map((operation) => [operation.procedurePath, operation]),
  );
  const linked = (path: string) => {
    const operation = operations.get(path);
    return operation
      ? `<a href="${referenceHref(operation)}"><code>${path}</code></a>`
      : `<code>${path}</code>`;
  };
  const entries = Object.entries({ ...contract.errors, ...restOnlyErrors }).map(([code, definition]) => {
    const description =
      'description' in definition && definition.description
        ? `<p>${escapeHtml(definition.description)}</p>`
        : '';
    const procedures = usedBy.get(code);
    const where = procedures ? `<p class="muted">Declared by ${procedures.map(linked).join(', ')}.</p>` : '';
    return `<section class="error" id="${code}"><h3><code>${code}</code> <span class="status">${definition.status}</span></h3><p>${escapeHtml(definition.message)}</p>${description}${where}</section>`;
  });
  return entries.join('\n');
}

function examplesList(operations: RestOperation[]): string {
  return operations
    .map((operation) => {
      const example = usageExample(operation);
      const { summary } = operation.procedure.meta;
      return [
        `<h3 id="${operation.operationId}"><a href="${referenceHref(operation)}"><code>${operation.method} ${operation.path}</code></a> · ${escapeHtml(summary)}</h3>`,
        '',
        '```sh example',
        example.curl,
        '```',
        '',
        '```ts example',
        example.typescript,
        '```',
        '',
        '```python example',
        example.python,
        '```',
      ].join('\n');
    })
    .join('\n\n');
}

/** The tools agents see at /mcp: each exposed procedure, what it does, and the scopes it needs. */
function mcpToolsTable(): string {
  const rows = listProcedures(contract.procedures)
    .filter(({ procedure }) => isMcpTool(procedure))
    .map(({ path, procedure }) => {
      const scopes = procedure.meta.scopes.map((scope) => `\`${scope}\``).join(', ') || '—';
      const kind = procedure.type === 'query' ? 'reads' : 'changes';
      return `| \`${mcpToolName(path)}\` | ${procedure.meta.summary} (${kind}) | ${scopes} |`;
    });
  return ['| tool | what it does | scopes |', '| --- | --- | --- |', ...rows].join('\n');
}
