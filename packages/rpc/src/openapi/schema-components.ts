import { isDeepStrictEqual } from 'node:util';
import {
  type $replace,
  $ZodRegistry,
  type $ZodType,
  type GlobalMeta,
  globalRegistry,
  type ToJSONSchemaParams,
  toJSONSchema,
} from 'zod/v4/core';
import type { JsonSchema } from './openapi-types.ts';
import { unstatedRules } from './schema-rules.ts';
import { annotateXmlArrays } from './xml-layout.ts';

/** Which side of a schema to describe: what a caller sends (defaults optional) or what it receives. */
export type Io = 'input' | 'output';

const componentPrefix = '#/components/schemas/';
// A named schema's component name depends on whether its input and output forms differ, which is
// known only once every schema is converted; until then references point at a placeholder.
const pendingPrefix = 'pending-component:';
const pendingRef = (io: Io, id: string) => `${pendingPrefix}${io}:${id}`;

/** The metadata zod reads while converting: the global registry's, plus the names given in the options as ids. */
class NamedRegistry extends $ZodRegistry<GlobalMeta> {
  readonly #names: ReadonlyMap<$ZodType, string>;

  constructor(names: ReadonlyMap<$ZodType, string>) {
    super();
    this.#names = names;
  }

  override get<S extends $ZodType>(schema: S): $replace<GlobalMeta, S> | undefined {
    const meta = globalRegistry.get(schema);
    const name = this.#names.get(schema);
    return (name === undefined ? meta : { ...meta, id: name }) as $replace<GlobalMeta, S> | undefined;
  }
}

// JSON carries a Date as ISO 8601 text (zod's documented recipe, which every zod 4 release supports);
// what JSON Schema cannot state (refinements, a date's bounds) is said in the description.
const datesAsTextRulesInWords: NonNullable<ToJSONSchemaParams['override']> = ({ zodSchema, jsonSchema }) => {
  if (zodSchema._zod.def.type === 'date') Object.assign(jsonSchema, { type: 'string', format: 'date-time' });
  const rules = rulesOfFlattened(zodSchema);
  if (rules.length === 0) return;
  const described = typeof jsonSchema.description === 'string' ? jsonSchema.description : undefined;
  const unsaid = rules.filter((rule) => !described?.includes(rule));
  if (unsaid.length > 0) jsonSchema.description = [described, ...unsaid].filter(Boolean).join(' ');
};

// An optional or defaulted field is one JSON Schema node with what it wraps: its rules are the node's.
const flattened = new Set(['optional', 'default', 'prefault', 'readonly', 'nonoptional', 'catch']);
function rulesOfFlattened(schema: $ZodType): string[] {
  const def = schema._zod.def as { type: string; innerType?: $ZodType };
  const inner = flattened.has(def.type) && def.innerType ? rulesOfFlattened(def.innerType) : [];
  return [...new Set([...inner, ...unstatedRules(schema)])];
}

/**
 * Converts contract schemas to JSON Schema with zod's own converter and collects the ones that
 * have a name (`.meta({ id })` or the options' `schemas`) as `components.schemas`. A named schema
 * whose input form differs from its output form (defaults, closed objects) is published twice:
 * `Name` for the output and `NameInput` for the input.
 */
export class SchemaComponents {
  readonly #registry: NamedRegistry;
  readonly #named = { input: new Map<string, JsonSchema>(), output: new Map<string, JsonSchema>() };
  readonly #unnamed = new Map<string, JsonSchema>();

  constructor(named: Readonly<Record<string, $ZodType>> = {}) {
    this.#registry = new NamedRegistry(
      new Map(Object.entries(named).map(([name, schema]) => [schema, name])),
    );
  }

  /**
   * The JSON Schema of `schema` as `io` sees it, named components referenced. `context` names the
   * components a recursive schema without a name needs (`NotesCreateInput`).
   */
  convert(schema: $ZodType, io: Io, context: string): JsonSchema {
    const converted = toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      metadata: this.#registry,
      // What JSON Schema cannot state (transforms, custom types) accepts anything rather than failing the document.
      unrepresentable: 'any',
      override: datesAsTextRulesInWords,
    }) as JsonSchema;
    // `$schema` would contradict the document's dialect; `$defs` become components.
    const { $schema: _dialect, $defs, ...root } = converted;
    const defs = ($defs ?? {}) as Record<string, JsonSchema>;
    const targets = new Map<string, string>([['#', componentPrefix + context]]);
    for (const key of Object.keys(defs)) {
      // zod names the defs it extracts only to break a cycle `__schema0`, `__schema1`...
      const unnamed = key.startsWith('__schema');
      targets.set(
        `#/$defs/${key}`,
        unnamed ? `${componentPrefix}${context}_${key.replace(/^_+/, '')}` : pendingRef(io, key),
      );
    }
    const retarget = (ref: string) => targets.get(ref) ?? ref;
    rewriteRefs(root, retarget);
    for (const [key, def] of Object.entries(defs)) {
      rewriteRefs(def, retarget);
      annotateXmlArrays(def);
      if (key.startsWith('__schema')) this.#unnamed.set(`${context}_${key.replace(/^_+/, '')}`, def);
      else this.#addNamed(io, key, def);
    }
    annotateXmlArrays(root);
    if (containsRef([root, defs], componentPrefix + context)) {
      // A recursive schema without a name refers to itself as `#`: it becomes a component of its own.
      this.#unnamed.set(context, root);
      return { $ref: componentPrefix + context };
    }
    return root;
  }

  /**
   * Publishes a schema as the component `name` and returns a reference to it; a reference stays as
   * it is. Request and response bodies go through here, so their JSON and XML media types share one.
   */
  share(name: string, schema: JsonSchema): JsonSchema {
    if (typeof schema.$ref === 'string') return schema;
    if (this.#unnamed.has(name)) throw new Error(`Two schemas would be published as "${name}"`);
    this.#unnamed.set(name, schema);
    return { $ref: componentPrefix + name };
  }

  /** The schema a reference to a component stands for; any other schema as it is. */
  resolve(schema: JsonSchema): JsonSchema {
    const ref = schema.$ref;
    if (typeof ref !== 'string') return schema;
    if (ref.startsWith(pendingPrefix)) {
      const [io, id] = ref.slice(pendingPrefix.length).split(/:(.*)/s) as [Io, string];
      return this.#named[io].get(id) ?? schema;
    }
    return ref.startsWith(componentPrefix)
      ? (this.#unnamed.get(ref.slice(componentPrefix.length)) ?? schema)
      : schema;
  }

  /**
   * Names every component and points each reference in `document` at its final name. Call once,
   * after the last conversion; returns `components.schemas`.
   */
  publish(document: object): Record<string, JsonSchema> {
    const names = this.#finalNames();
    const schemas: Record<string, JsonSchema> = Object.fromEntries(this.#unnamed);
    for (const io of ['output', 'input'] as const) {
      for (const [id, def] of this.#named[io]) {
        const name = (names.get(pendingRef(io, id)) as string).slice(componentPrefix.length);
        if (this.#unnamed.has(name))
          throw new Error(`The schema name "${name}" is taken by an operation's body`);
        schemas[name] = def;
      }
    }
    const retarget = (ref: string) => names.get(ref) ?? ref;
    rewriteRefs(schemas, retarget);
    rewriteRefs(document, retarget);
    return Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
  }

  #addNamed(io: Io, id: string, def: JsonSchema): void {
    const known = this.#named[io].get(id);
    if (known && !isDeepStrictEqual(known, def)) {
      throw new Error(`Two different schemas are named "${id}"; give each its own name`);
    }
    this.#named[io].set(id, def);
  }

  /** Placeholder → final reference. An id whose two forms differ, or that refers to one that does, splits in two. */
  #finalNames(): Map<string, string> {
    const ids = new Set([...this.#named.output.keys(), ...this.#named.input.keys()]);
    const ioFree = (schema: JsonSchema | undefined) =>
      schema &&
      JSON.parse(JSON.stringify(schema).replace(/pending-component:(?:input|output):/g, pendingPrefix));
    const split = new Set(
      [...ids].filter((id) => {
        const [output, input] = [this.#named.output.get(id), this.#named.input.get(id)];
        return (
          output !== undefined && input !== undefined && !isDeepStrictEqual(ioFree(output), ioFree(input))
        );
      }),
    );
    // A schema that refers to a split one must split too, or its single form would point at one side.
    for (let grew = true; grew; ) {
      grew = false;
      for (const id of ids) {
        if (split.has(id)) continue;
        const refs = [
          ...referencedIds(this.#named.output.get(id)),
          ...referencedIds(this.#named.input.get(id)),
        ];
        if (refs.some((ref) => split.has(ref)) && this.#named.output.has(id) && this.#named.input.has(id)) {
          split.add(id);
          grew = true;
        }
      }
    }
    const names = new Map<string, string>();
    for (const id of ids) {
      const inputName = split.has(id) ? `${id}Input` : id;
      if (split.has(id) && ids.has(inputName)) {
        throw new Error(`"${id}" needs an input form named "${inputName}", which another schema already has`);
      }
      names.set(pendingRef('output', id), componentPrefix + id);
      names.set(pendingRef('input', id), componentPrefix + inputName);
    }
    return names;
  }
}

/** Rewrites every `$ref` string below `value`, in place. */
function rewriteRefs(value: unknown, retarget: (ref: string) => string): void {
  if (Array.isArray(value)) {
    for (const item of value) rewriteRefs(item, retarget);
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const [key, item] of Object.entries(record)) {
      if (key === '$ref' && typeof item === 'string') record[key] = retarget(item);
      else rewriteRefs(item, retarget);
    }
  }
}

function containsRef(value: unknown, ref: string): boolean {
  let found = false;
  rewriteRefs(value, (each) => {
    if (each === ref) found = true;
    return each;
  });
  return found;
}

function referencedIds(schema: JsonSchema | undefined): string[] {
  const ids: string[] = [];
  rewriteRefs(schema, (ref) => {
    if (ref.startsWith(pendingPrefix)) ids.push(ref.slice(pendingPrefix.length).replace(/^[a-z]+:/, ''));
    return ref;
  });
  return ids;
}
