import type { RestOperation } from '../../rest/rest-operations.ts';

/** Where a REST request goes: an operation with its decoded path parameters, or the methods a known path serves. */
export type RestRoute =
  | { kind: 'operation'; operation: RestOperation; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string }
  | { kind: 'malformed'; detail: string };

interface CompiledPath {
  /** Literal segments lower-cased, parameters as `{name}`. */
  segments: string[];
  byMethod: Map<string, RestOperation>;
}

/**
 * Matches request paths to operations the way Express's router did: literal segments compared
 * case-insensitively, a trailing slash allowed, parameters one non-empty segment each,
 * percent-decoded; the first path (in contract order) serving the method wins. HEAD is served by GET.
 */
export function restRoutes(
  operations: RestOperation[],
): (method: string, path: string) => RestRoute | undefined {
  const compiled = new Map<string, CompiledPath>();
  for (const operation of operations) {
    const segments = operation.path
      .split('/')
      .slice(1)
      .map((segment) => (segment.startsWith('{') ? segment : segment.toLowerCase()));
    const key = segments.join('/');
    const entry = compiled.get(key) ?? { segments, byMethod: new Map() };
    entry.byMethod.set(operation.method, operation);
    compiled.set(key, entry);
  }
  const paths = [...compiled.values()];

  return (method, path) => {
    const parts = (path.endsWith('/') && path.length > 1 ? path.slice(0, -1) : path).split('/').slice(1);
    let allow: string | undefined;
    for (const candidate of paths) {
      const raw = matchSegments(candidate.segments, parts);
      if (!raw) continue;
      const operation = candidate.byMethod.get(method === 'HEAD' ? 'GET' : method);
      if (!operation) {
        allow ??= [...candidate.byMethod.keys()].join(', ');
        continue;
      }
      const params: Record<string, string> = {};
      for (const [name, value] of Object.entries(raw)) {
        try {
          params[name] = decodeURIComponent(value);
        } catch {
          return { kind: 'malformed', detail: `The path parameter ${name} is not valid percent-encoding.` };
        }
      }
      return { kind: 'operation', operation, params };
    }
    return allow === undefined ? undefined : { kind: 'method-not-allowed', allow };
  };
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < pattern.length; index++) {
    const expected = pattern[index] as string;
    const actual = parts[index] as string;
    if (expected.startsWith('{')) {
      if (actual === '') return undefined;
      params[expected.slice(1, -1)] = actual;
    } else if (expected !== actual.toLowerCase()) return undefined;
  }
  return params;
}
