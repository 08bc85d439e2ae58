import type { ParameterObject, PathItemObject, Reference } from './openapi-types.ts';

/**
 * Moves the parameters that several operations declare identically (`{projectId}`, `cursor`) to
 * `components.parameters`, each operation referring to them; returns those components.
 */
export function shareParameters(paths: Record<string, PathItemObject>): Record<string, ParameterObject> {
  const operations = Object.values(paths).flatMap((item) => Object.values(item));
  const uses = new Map<string, { parameter: ParameterObject; count: number }>();
  for (const operation of operations) {
    for (const parameter of operation.parameters ?? []) {
      if ('$ref' in parameter) continue;
      const key = JSON.stringify(parameter);
      const use = uses.get(key) ?? { parameter, count: 0 };
      use.count++;
      uses.set(key, use);
    }
  }

  const shared: Record<string, ParameterObject> = {};
  const refs = new Map<string, Reference>();
  for (const [key, { parameter, count }] of uses) {
    if (count < 2) continue;
    const name = freeName(parameter, shared);
    shared[name] = parameter;
    refs.set(key, { $ref: `#/components/parameters/${name}` });
  }
  for (const operation of operations) {
    operation.parameters = operation.parameters?.map((parameter) =>
      '$ref' in parameter ? parameter : (refs.get(JSON.stringify(parameter)) ?? parameter),
    );
  }
  return Object.fromEntries(Object.entries(shared).sort(([a], [b]) => a.localeCompare(b)));
}

/** The parameter's own name, then `nameInQuery`, then numbered, whichever is not taken. */
function freeName(parameter: ParameterObject, taken: Record<string, unknown>): string {
  // Component names allow only these characters; a field name may hold others.
  const base = parameter.name.replace(/[^A-Za-z0-9._-]/g, '_');
  const located = `${base}In${parameter.in.charAt(0).toUpperCase()}${parameter.in.slice(1)}`;
  for (const name of [base, located]) if (!Object.hasOwn(taken, name)) return name;
  let n = 2;
  while (Object.hasOwn(taken, `${located}${n}`)) n++;
  return `${located}${n}`;
}
