// The generated API, independent of any library: namespaces of 20 procedures, each with its own input
// and output object schemas of realistic shape. Procedure i is the same whatever the size, so the
// 1,000-procedure API contains the 200-procedure one.

/** One property of a generated object schema: its zod source, and a valid input value as source. */
export interface Field {
  name: string;
  schema: string;
  /** The value a caller sends; `undefined`: the field is optional and left out. */
  sample: string | undefined;
}

export interface ProcedureModel {
  name: string;
  kind: 'query' | 'mutation';
  input: Field[];
  output: Field[];
  /** An output property the caller reads, so the output type is resolved too. */
  readField: string;
}

export interface NamespaceModel {
  name: string;
  /** The namespace's resource, embedded in some outputs (as one record or a page of them). */
  entity: Field[];
  procedures: ProcedureModel[];
}

export const proceduresPerNamespace = 20;

interface FieldKind {
  names: readonly string[];
  schema: string;
  sample: string;
}

const kinds: readonly FieldKind[] = [
  { names: ['title', 'name', 'label'], schema: 'z.string().min(1).max(200)', sample: "'text'" },
  {
    names: ['ownerId', 'parentId', 'accountId'],
    schema: 'z.uuid()',
    sample: "'3f1c2b9e-8d4a-4c6f-9b2e-7a1d5e3c8f00'",
  },
  { names: ['count', 'position', 'quantity'], schema: 'z.number().int().min(0).max(10000)', sample: '7' },
  { names: ['archived', 'pinned', 'enabled'], schema: 'z.boolean()', sample: 'true' },
  {
    names: ['status', 'state'],
    schema: "z.enum(['draft', 'active', 'suspended', 'archived'])",
    sample: "'active'",
  },
  {
    names: ['priority', 'severity'],
    schema: "z.enum(['low', 'medium', 'high', 'urgent'])",
    sample: "'high'",
  },
  {
    names: ['dueAt', 'startsAt', 'expiresAt'],
    schema: 'z.date()',
    sample: "new Date('2030-01-01T00:00:00Z')",
  },
  { names: ['tags', 'aliases'], schema: 'z.array(z.string().max(40)).max(20)', sample: "['alpha', 'beta']" },
  {
    names: ['address', 'billingAddress'],
    schema: 'z.object({ street: z.string(), city: z.string(), postcode: z.string().optional() })',
    sample: "{ street: '1 Main St', city: 'Oslo' }",
  },
  {
    names: ['lines', 'items'],
    schema:
      'z.array(z.object({ sku: z.string(), quantity: z.number().int().positive(), note: z.string().nullable() })).max(50)',
    sample: "[{ sku: 'A-1', quantity: 2, note: null }]",
  },
  { names: ['email', 'contactEmail'], schema: 'z.email()', sample: "'ada@example.com'" },
  { names: ['limit', 'pageSize'], schema: 'z.number().int().min(1).max(100).default(20)', sample: '50' },
  {
    names: ['attributes', 'metadata'],
    schema: 'z.record(z.string(), z.string().max(500))',
    sample: "{ color: 'red' }",
  },
];

/** The API of `size` procedures, in namespaces `ns0`, `ns1`, ... of `proc0` to `proc19`. */
export function apiModel(size: number): NamespaceModel[] {
  const namespaces: NamespaceModel[] = [];
  for (let index = 0; index < size; index++) {
    const nsIndex = Math.floor(index / proceduresPerNamespace);
    let namespace = namespaces[nsIndex];
    if (!namespace) {
      namespace = { name: `ns${nsIndex}`, entity: entityOf(nsIndex), procedures: [] };
      namespaces.push(namespace);
    }
    namespace.procedures.push(procedureOf(index));
  }
  return namespaces;
}

function entityOf(nsIndex: number): Field[] {
  const random = seeded(1_000_003 + nsIndex);
  return [
    { name: 'id', schema: 'z.uuid()', sample: undefined },
    ...fieldsOf(random, { min: 5, max: 7, optional: 0, nullable: 0.2 }),
    { name: 'createdAt', schema: 'z.date()', sample: undefined },
  ];
}

function procedureOf(index: number): ProcedureModel {
  const random = seeded(index + 1);
  const input = fieldsOf(random, { min: 5, max: 10, optional: 0.3, nullable: 0.1 });
  const own = fieldsOf(random, { min: 3, max: 7, optional: 0.1, nullable: 0.2 });
  const shape = random();
  const embedded: Field[] =
    shape < 0.3
      ? [{ name: 'record', schema: 'Entity', sample: undefined }]
      : shape < 0.5
        ? [
            { name: 'records', schema: 'z.array(Entity)', sample: undefined },
            { name: 'nextCursor', schema: 'z.string().nullable()', sample: undefined },
          ]
        : [];
  const output: Field[] = [
    { name: 'id', schema: 'z.uuid()', sample: undefined },
    ...own,
    ...embedded,
    { name: 'updatedAt', schema: 'z.date()', sample: undefined },
  ];
  return {
    name: `proc${index % proceduresPerNamespace}`,
    kind: index % 3 === 0 ? 'mutation' : 'query',
    input,
    output,
    readField: (embedded[0] ?? output[1] ?? { name: 'id' }).name,
  };
}

function fieldsOf(
  random: () => number,
  options: { min: number; max: number; optional: number; nullable: number },
): Field[] {
  const count = options.min + Math.floor(random() * (options.max - options.min + 1));
  const fields: Field[] = [];
  const taken = new Set<string>();
  while (fields.length < count) {
    const kind = kinds[Math.floor(random() * kinds.length)] as FieldKind;
    const name = kind.names.find((candidate) => !taken.has(candidate));
    if (!name) continue;
    taken.add(name);
    const nullable = random() < options.nullable;
    const optional = random() < options.optional;
    const schema = `${kind.schema}${nullable ? '.nullable()' : ''}${optional ? '.optional()' : ''}`;
    const sample = optional && random() < 0.5 ? undefined : nullable && random() < 0.3 ? 'null' : kind.sample;
    fields.push({ name, schema, sample });
  }
  return fields;
}

/** mulberry32: a small deterministic generator, so every run generates the same API. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
