import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** A JSON Schema as the document writes it (possibly a `$ref`). */
export type Schema = Record<string, unknown> & {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  xml?: { name?: string; namespace?: string; wrapped?: boolean; attribute?: boolean };
};

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: Schema;
}

export interface MediaType {
  schema?: Schema;
}

export interface ResponseObject {
  headers?: Record<string, { required?: boolean; schema?: Schema; $ref?: string }>;
  content?: Record<string, MediaType>;
}

export interface Operation {
  method: string;
  /** The path template under the server URL: `/projects/{id}`. */
  path: string;
  operationId: string;
  security: Record<string, string[]>[];
  parameters: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, ResponseObject>;
}

type Document = {
  servers: { url: string }[];
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
};

const methods = ['get', 'put', 'post', 'patch', 'delete'];
const documentId = 'https://charter.invalid/openapi.json';

/**
 * The served OpenAPI document read the way an independent tool reads it: `$ref`s resolved through
 * the document, schemas checked by ajv's JSON Schema 2020-12 with its default flags (no `unicode`,
 * as third-party validators run it), formats from ajv-formats.
 */
export class OpenApiDocument {
  readonly operations: Operation[];
  readonly baseUrl: string;
  readonly raw: Document;
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly words = new Map<Operation, string>();

  constructor(served: unknown) {
    const raw = served as Document;
    this.raw = raw;
    this.baseUrl = raw.servers[0]?.url ?? '';
    this.ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false, validateFormats: true });
    // ajv-formats is CommonJS: its plugin is the module's `default`.
    addFormats.default(this.ajv);
    this.ajv.addSchema({ $id: documentId, components: raw.components }, documentId);
    this.operations = Object.entries(raw.paths).flatMap(([path, item]) =>
      methods
        .filter((method) => item[method])
        .map((method) => {
          const operation = item[method] as Omit<Operation, 'method' | 'path'>;
          return {
            ...operation,
            security: operation.security ?? [],
            parameters: (operation.parameters ?? []).map((parameter) => this.resolve(parameter)),
            responses: Object.fromEntries(
              Object.entries(operation.responses).map(([status, response]) => [
                status,
                this.resolve(response),
              ]),
            ),
            ...(operation.requestBody ? { requestBody: this.resolve(operation.requestBody) } : {}),
            method: method.toUpperCase(),
            path,
          };
        }),
    );
  }

  /** Follows a `$ref` (to any depth) inside the document. */
  resolve<T>(value: T): T {
    let current = value as { $ref?: string };
    while (current && typeof current === 'object' && typeof current.$ref === 'string') {
      const ref: string = current.$ref;
      current = ref
        .slice(2)
        .split('/')
        .map(unescapePointer)
        .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], this.raw) as typeof current;
    }
    return current as T;
  }

  /** A schema with its `$ref` followed and its `allOf` merged in, so its properties and `xml` are in one place. */
  flatten(schema: Schema): Schema {
    const resolved = this.resolve(schema);
    if (!resolved.allOf) return resolved;
    const { allOf, ...own } = resolved;
    const flat: Schema = {};
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const part of [...allOf.map((member) => this.flatten(member)), own]) {
      Object.assign(flat, part);
      Object.assign(properties, part.properties);
      required.push(...(part.required ?? []));
    }
    return { ...flat, properties, required };
  }

  /** A schema's `anyOf`/`oneOf`, each merged with what the schema says beside it (its type, its properties). */
  alternativesOf(schema: Schema): Schema[] | undefined {
    const { anyOf, oneOf, ...base } = this.flatten(schema);
    const alternatives = anyOf ?? oneOf;
    return alternatives?.map((alternative) => this.flatten({ allOf: [base, alternative] }));
  }

  /** The errors ajv reports for a value against a schema of the document ([] when it conforms). */
  validate(schema: Schema, value: unknown): string[] {
    const key = JSON.stringify(schema);
    let validate = this.compiled.get(key);
    if (!validate) {
      // Compiled inside the document, so its `#/components/...` references resolve.
      validate = this.ajv.compile({
        $id: `${documentId}?${this.compiled.size}`,
        $defs: {},
        ...rebase(schema),
      });
      this.compiled.set(key, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map(
      (error) => `${error.instancePath || '(root)'} ${error.message ?? error.keyword} (${error.schemaPath})`,
    );
  }

  /** The response the document gives for a status: the exact code, its `4XX` range, or `default`. */
  response(operation: Operation, status: number): ResponseObject | undefined {
    return (
      operation.responses[String(status)] ??
      operation.responses[`${String(status)[0]}XX`] ??
      operation.responses.default
    );
  }

  /** Everything the document says of an operation's input in words: rules JSON Schema cannot state live there. */
  wordsOf(operation: Operation): string {
    const cached = this.words.get(operation);
    if (cached !== undefined) return cached;
    const words: string[] = [String((operation as { description?: unknown }).description ?? '')];
    const seen = new Set<unknown>();
    const walk = (node: unknown) => {
      const resolved = this.resolve(node);
      if (!resolved || typeof resolved !== 'object' || seen.has(resolved)) return;
      seen.add(resolved);
      for (const [key, value] of Object.entries(resolved)) {
        if (key === 'description' && typeof value === 'string') words.push(value);
        else walk(value);
      }
    };
    walk(operation.parameters);
    walk(operation.requestBody);
    this.words.set(operation, words.join('\n'));
    return words.join('\n');
  }

  /** Every media type the operation can answer with, in any response. */
  producible(operation: Operation): string[] {
    return [
      ...new Set(
        Object.values(operation.responses).flatMap((response) => Object.keys(response.content ?? {})),
      ),
    ];
  }
}

// References in a fragment point into the document: make them absolute.
function rebase(schema: unknown): Schema {
  return JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', `"$ref":"${documentId}#/`)) as Schema;
}

const unescapePointer = (segment: string) => segment.replaceAll('~1', '/').replaceAll('~0', '~');

/**
 * The operations the fuzzer and the validating proxy call. The webhook subscriptions are left out
 * for now (issue 19 is open): their world needs endpoints and receivers it does not make yet, and
 * the URL schema says less than the server checks (which hosts a deployment accepts). The document
 * tests (tests/openapi.test.ts) and tests/webhooks*.test.ts cover them meanwhile.
 */
export function operationsCalled(document: OpenApiDocument): Operation[] {
  return document.operations.filter((operation) => !operation.operationId.startsWith('webhooks'));
}
