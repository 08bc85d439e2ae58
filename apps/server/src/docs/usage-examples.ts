import type { RestOperation } from '@charter/rpc/server';
import { pythonLiteral, shellJson, typescriptLiteral } from './code-literals.ts';

/** The code that calls one operation, in each language the docs show. */
export interface UsageExample {
  /** Variables the code expects, by their camelCase name (`projectId`), e.g. from an earlier call. */
  variables: string[];
  curl: string;
  typescript: string;
  python: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const snake = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
const shellName = (name: string) => snake(name).toUpperCase();

/**
 * Usage examples of an operation, written from the contract: its first worked example's input,
 * sent by curl, by `@charter/client` and by Python's standard library. Ids and tokens in the
 * example become variables (`$PROJECT_ID`, `projectId`, `project_id`); the docs say where they come
 * from, and the test suite runs every example with them bound to real values.
 */
export function usageExample(operation: RestOperation): UsageExample {
  const input = operation.procedure.meta.examples[0]?.input as Record<string, unknown> | undefined;
  const refs = variablesOf(operation, input);
  const fields = Object.entries(input ?? {}).filter(([key]) => !operation.pathParameters.includes(key));
  const rest = Object.fromEntries(fields);
  return {
    variables: [...new Set(refs.values())],
    curl: curlExample(operation, rest, refs),
    typescript: typescriptExample(operation, input, refs),
    python: pythonExample(operation, rest, refs),
  };
}

/** Field → variable: path parameters, ids and tokens are the caller's own, never the example's. */
function variablesOf(
  operation: RestOperation,
  input: Record<string, unknown> | undefined,
): Map<string, string> {
  const namespace = operation.procedurePath.split('.')[0] ?? '';
  const refs = new Map<string, string>();
  for (const [field, value] of Object.entries(input ?? {})) {
    const isReference =
      operation.pathParameters.includes(field) ||
      (typeof value === 'string' && uuid.test(value)) ||
      field.endsWith('Token');
    if (isReference) refs.set(field, field === 'id' ? `${namespace.replace(/s$/, '')}Id` : field);
  }
  return refs;
}

const isPublic = (operation: RestOperation) => operation.procedure.meta.auth === 'public';

function pathWith(
  operation: RestOperation,
  refs: Map<string, string>,
  write: (variable: string) => string,
): string {
  return operation.path.replace(/\{([^}]+)\}/g, (_, field: string) => write(refs.get(field) ?? field));
}

function queryString(fields: Record<string, unknown>, refs: Map<string, string>): string {
  const pairs = Object.entries(fields).flatMap(([key, value]) =>
    (Array.isArray(value) ? value : [value]).map((item) => {
      const ref = refs.get(key);
      const text = ref
        ? `$${shellName(ref)}`
        : encodeURIComponent(item instanceof Date ? item.toISOString() : String(item));
      return `${encodeURIComponent(key)}=${text}`;
    }),
  );
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

function curlExample(
  operation: RestOperation,
  body: Record<string, unknown>,
  refs: Map<string, string>,
): string {
  const stream = operation.procedure.type === 'subscription';
  const path = pathWith(operation, refs, (variable) => `$${shellName(variable)}`);
  const query = operation.inputIn === 'query' ? queryString(body, refs) : '';
  const lines = [
    `curl -sS ${stream ? '-N' : '--fail-with-body'}${operation.method === 'GET' ? '' : ` -X ${operation.method}`} "$CHARTER_URL/api/v1${path}${query}"`,
  ];
  if (!isPublic(operation)) lines.push('-H "Authorization: Bearer $TOKEN"');
  if (operation.inputIn === 'body' && Object.keys(body).length > 0) {
    lines.push('-H "Content-Type: application/json"');
    const bodyRefs = new Map(
      [...refs].filter(([field]) => field in body).map(([field, variable]) => [field, shellName(variable)]),
    );
    if (bodyRefs.size === 0) lines.push(`-d '${JSON.stringify(body).replaceAll("'", "'\\''")}'`);
    else return `${lines.join(' \\\n  ')} \\\n  -d @- <<JSON\n${shellJson(body, bodyRefs)}\nJSON`;
  }
  return lines.join(' \\\n  ');
}

function typescriptExample(
  operation: RestOperation,
  input: Record<string, unknown> | undefined,
  refs: Map<string, string>,
) {
  const call = `client.${operation.procedurePath}`;
  const argument = input === undefined ? '' : typescriptLiteral(input, { refs });
  if (operation.procedure.type === 'subscription') {
    return [
      `const subscription = ${call}.subscribe(${argument}, {`,
      '  onData(event) {',
      '    console.log(event);',
      '    subscription.unsubscribe(); // one is enough for the example',
      '  },',
      '  onError(error) {',
      '    console.error(error.message);',
      '  },',
      '});',
    ].join('\n');
  }
  const verb = operation.procedure.type === 'query' ? 'query' : 'mutate';
  return `const result = await ${call}.${verb}(${argument});\nconsole.log(result);`;
}

function pythonExample(operation: RestOperation, body: Record<string, unknown>, refs: Map<string, string>) {
  const path = pathWith(operation, refs, (variable) => `{${snake(variable)}}`);
  const pathLiteral = path.includes('{') ? `f"${path}"` : `"${path}"`;
  const pyRefs = new Map([...refs].map(([field, variable]) => [field, snake(variable)]));
  const args = [`"${operation.method}"`, pathLiteral];
  if (Object.keys(body).length > 0) {
    args.push(`${operation.inputIn === 'query' ? 'query=' : ''}${pythonLiteral(body, { refs: pyRefs })}`);
  }
  if (isPublic(operation)) args.push('token=None');
  if (operation.procedure.type === 'subscription') {
    return `for event in api_events(${pathLiteral}):\n    print(event)\n    break  # one is enough for the example`;
  }
  return `result = api(${args.join(', ')})\nprint(result)`;
}
