/**
 * The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers-09), written by servers and
 * read by clients: `RateLimit-Policy: "default";q=600;w=60` states each budget's quota and window,
 * `RateLimit: "default";r=599;t=60` what remains of it and for how many seconds.
 */

/** One rate-limit budget a response drew from, and where it stands. */
export interface RateLimitBudget {
  /** The budget's name, such as `default` or `auth`. */
  name: string;
  /** Points per window. */
  limit: number;
  windowSeconds: number;
  /** Points left in the current window. */
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

export const rateLimitHeaderNames = { policy: 'RateLimit-Policy', state: 'RateLimit' } as const;

/** The two header fields for the budgets a response drew from; none when it drew from none. */
export function formatRateLimitHeaders(budgets: readonly RateLimitBudget[]): Record<string, string> {
  if (budgets.length === 0) return {};
  return {
    [rateLimitHeaderNames.policy]: budgets
      .map((budget) => `${quote(budget.name)};q=${budget.limit};w=${budget.windowSeconds}`)
      .join(', '),
    [rateLimitHeaderNames.state]: budgets
      .map((budget) => `${quote(budget.name)};r=${budget.remaining};t=${budget.resetSeconds}`)
      .join(', '),
  };
}

/**
 * Reads the budgets back from a response's headers. A budget named in `RateLimit` but absent from
 * `RateLimit-Policy` (or malformed) is left out rather than guessed.
 */
export function parseRateLimitHeaders(headers: { get(name: string): string | null }): RateLimitBudget[] {
  const policies = parseItems(headers.get(rateLimitHeaderNames.policy));
  const states = parseItems(headers.get(rateLimitHeaderNames.state));
  const budgets: RateLimitBudget[] = [];
  for (const [name, state] of states) {
    const policy = policies.get(name);
    const numbers = [policy?.q, policy?.w, state.r, state.t];
    if (!numbers.every((value): value is number => value !== undefined)) continue;
    const [limit, windowSeconds, remaining, resetSeconds] = numbers as [number, number, number, number];
    budgets.push({ name, limit, windowSeconds, remaining, resetSeconds });
  }
  return budgets;
}

// A structured-field string; budget names rarely need escaping, and every response quotes them.
const quote = (name: string) =>
  /["\\]/.test(name) ? `"${name.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"` : `"${name}"`;

const parameter = /;\s*([a-z*][a-z0-9_.*-]*)(?:=(\d+|"(?:[^"\\]|\\.)*"|[A-Za-z*][\w:/.*+-]*))?/g;
const item = new RegExp(`^\\s*"((?:[^"\\\\]|\\\\.)*)"((?:${parameter.source})*)\\s*$`);

/** A structured-field list of `"name";key=value` items; integer parameters kept, others skipped. */
function parseItems(field: string | null): Map<string, Record<string, number>> {
  const items = new Map<string, Record<string, number>>();
  for (const text of (field ?? '').split(',')) {
    const match = item.exec(text);
    if (!match) continue;
    const [, name = '', params = ''] = match;
    const values: Record<string, number> = {};
    for (const [, key = '', value = ''] of params.matchAll(parameter)) {
      if (/^\d+$/.test(value)) values[key] = Number(value);
    }
    items.set(name.replace(/\\(.)/g, '$1'), values);
  }
  return items;
}
