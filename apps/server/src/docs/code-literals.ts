/**
 * Values written as source code for the usage examples: what a reader would type. `refs` maps a
 * field name to a variable the example uses instead of the literal value.
 */
export interface LiteralOptions {
  refs?: ReadonlyMap<string, string>;
  indent?: string;
}

const identifier = /^[A-Za-z_$][\w$]*$/;
const step = '  ';

/** TypeScript: single-quoted strings, `new Date('…')` for Dates, bare keys where they can be. */
export function typescriptLiteral(value: unknown, { refs, indent = '' }: LiteralOptions = {}): string {
  if (value instanceof Date) return `new Date('${value.toISOString()}')`;
  if (typeof value === 'string')
    return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n')}'`;
  if (value === null || value === undefined) return String(value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map((item) => typescriptLiteral(item, { indent })).join(', ')}]`;
  const inner = indent + step;
  const fields = Object.entries(value).filter(([, item]) => item !== undefined);
  if (fields.length === 0) return '{}';
  const entries = fields.map(([key, item]) => {
    const name = identifier.test(key) ? key : `'${key}'`;
    const ref = refs?.get(key);
    if (ref) return ref === key ? key : `${name}: ${ref}`;
    return `${name}: ${typescriptLiteral(item, { indent: inner })}`;
  });
  return wrap(entries, indent, (oneLine) => `{ ${oneLine} }`);
}

/** Python: what `json.loads` gives back: True, False, None, dates as ISO 8601 strings. */
export function pythonLiteral(value: unknown, { refs, indent = '' }: LiteralOptions = {}): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => pythonLiteral(item, { indent })).join(', ')}]`;
  const inner = indent + step.repeat(2);
  const fields = Object.entries(value).filter(([, item]) => item !== undefined);
  if (fields.length === 0) return '{}';
  const entries = fields.map(
    ([key, item]) => `${JSON.stringify(key)}: ${refs?.get(key) ?? pythonLiteral(item, { indent: inner })}`,
  );
  return wrap(entries, indent, (oneLine) => `{${oneLine}}`, inner);
}

/** One line when short, else one entry per line. */
function wrap(
  entries: string[],
  indent: string,
  oneLine: (text: string) => string,
  inner = indent + step,
): string {
  const short = oneLine(entries.join(', '));
  if (short.length <= 60 && !short.includes('\n')) return short;
  return `{\n${entries.map((entry) => `${inner}${entry},`).join('\n')}\n${indent}}`;
}

/** JSON for a request body, with `refs` written as shell variables inside the strings. */
export function shellJson(value: unknown, refs: ReadonlyMap<string, string>): string {
  const substituted =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? Object.fromEntries(
          Object.entries(value).map(([key, item]) => [key, refs.has(key) ? `\u{E000}${key}\u{E000}` : item]),
        )
      : value;
  return JSON.stringify(substituted, null, 2).replace(
    /\u{E000}(\w+)\u{E000}/gu,
    (_, key: string) => `$${refs.get(key)}`,
  );
}
