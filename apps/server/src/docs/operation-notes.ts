import type { OpenApiDocument, OperationObject } from '@charter/rpc/openapi';
import type { RestOperation } from '@charter/rpc/server';
import type { BudgetSizes } from '../rate-limit/budgets-config.ts';

type Reference = { $ref: string };
type ProblemResponse = {
  content?: Record<string, { schema?: { properties?: { code?: { enum?: string[] } } } }>;
};

const size = ({ points, windowSeconds }: { points: number; windowSeconds: number }) =>
  `${points.toLocaleString('en')} points per ${windowSeconds} s`;

/**
 * What a reader of one operation wants beside its schemas: each error it can answer with, linked to
 * the catalogue, and the budgets its calls are charged to, with their sizes as this server runs them.
 * The codes are read from the operation's responses, so the page says what the description says.
 */
export function operationNotes({
  origin,
  document,
  operation,
  described,
  budgets,
}: {
  origin: string;
  document: OpenApiDocument;
  operation: RestOperation;
  described: OperationObject;
  budgets: BudgetSizes;
}): string {
  const groups = Object.entries(described.responses ?? {})
    .filter(([status]) => Number(status) >= 400)
    .map(([status, response]) => {
      const codes = problemCodes(document, response as ProblemResponse | Reference);
      return `${status} ${codes.map((code) => `[\`${code}\`](${origin}/docs/errors#${code})`).join(', ')}`;
    });
  const errors = `**Errors** ([catalogue](${origin}/docs/errors)): ${groups.join('; ')}.`;
  const signedIn = `signed-in callers spend from their plan's budget: \`default\` ${size(budgets.default)}, \`elevated\` ${size(budgets.elevated)} (an API key may carry a smaller one)`;
  const anonymous = `anonymous callers from \`anonymous\`, ${size(budgets.anonymous)} per client address`;
  const who = operation.procedure.meta.auth === 'public' ? `${signedIn}; ${anonymous}` : signedIn;
  const limits = `**Budgets** ([rate limits](${origin}/docs/guides/rate-limits)): ${who}. Each response reports what is left in its \`RateLimit\` header.`;
  return [errors, limits].join('\n\n');
}

/** The catalogue codes a problem response carries, following its `$ref` into the components. */
function problemCodes(document: OpenApiDocument, response: ProblemResponse | Reference): string[] {
  const resolved =
    '$ref' in response
      ? (document.components?.responses?.[response.$ref.split('/').at(-1) ?? ''] as
          | ProblemResponse
          | undefined)
      : response;
  const schema = resolved?.content?.['application/problem+json']?.schema;
  return schema?.properties?.code?.enum ?? [];
}
