import type { RestOperation } from '../rest/rest-operations.ts';
import { nullText } from '../rest/schema-coercion.ts';
import { examplesOf } from './examples.ts';
import type { JsonSchema, ParameterObject, RequestBodyObject } from './openapi-types.ts';
import type { SchemaComponents } from './schema-components.ts';
import { withoutXml, withXmlRoot } from './xml-layout.ts';

export interface OperationInput {
  parameters: ParameterObject[];
  requestBody?: RequestBodyObject;
}

/**
 * Where an operation's input travels, as the REST bridge reads it: the path parameters, then the
 * other top-level fields as query parameters (GET, DELETE) or as a JSON or XML body.
 */
export function operationInput(options: {
  operation: RestOperation;
  input: JsonSchema | undefined;
  components: SchemaComponents;
  /** What to publish the body schema as in `components.schemas`. */
  bodyName: string;
}): OperationInput {
  const { operation, input, components, bodyName } = options;
  if (!input) return { parameters: [] };
  const { pathParameters, inputIn, procedure } = operation;
  const { examples } = procedure.meta;
  const object = components.resolve(input);
  const properties = isRecord(object.properties)
    ? (object.properties as Record<string, JsonSchema>)
    : undefined;
  const required = Array.isArray(object.required) ? (object.required as string[]) : [];
  const parameter = (name: string, location: 'path' | 'query', schema: JsonSchema | undefined) =>
    parameterOf({
      name,
      location,
      required: location === 'path' || required.includes(name),
      schema: schema ?? { type: 'string' },
      components,
      examples: examplesOf(examples, (example) => fieldOf(example.input, name)),
    });

  const parameters = pathParameters.map((name) => parameter(name, 'path', properties?.[name]));
  const others = Object.entries(properties ?? {}).filter(([name]) => !pathParameters.includes(name));
  if (inputIn === 'query') {
    return {
      parameters: [...parameters, ...others.map(([name, schema]) => parameter(name, 'query', schema))],
    };
  }

  const body =
    properties && pathParameters.length > 0
      ? withoutFields(object, properties, required, pathParameters)
      : input;
  const bodyExamples = examplesOf(examples, (example) =>
    isRecord(example.input)
      ? Object.fromEntries(Object.entries(example.input).filter(([name]) => !pathParameters.includes(name)))
      : example.input,
  );
  const schema = components.share(bodyName, withXmlRoot(body, 'input'));
  return {
    parameters,
    requestBody: {
      // The bridge reads an empty body as `{}`: it is optional when no remaining field is required.
      required: properties ? required.some((name) => !pathParameters.includes(name)) : true,
      content: {
        'application/json': { schema, ...(bodyExamples ? { examples: bodyExamples } : {}) },
        'application/xml': { schema },
      },
    },
  };
}

function parameterOf(options: {
  name: string;
  location: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
  components: SchemaComponents;
  examples: ParameterObject['examples'];
}): ParameterObject {
  const { name, location, required, components, examples } = options;
  // Said once, on the parameter, where documentation tools show it.
  const { description, ...schema } = withoutXml(options.schema);
  const types = typesOf(schema, components);
  const notes = [
    typeof description === 'string' ? description : undefined,
    // Parameters arrive as text, so null needs a spelling.
    types.has('null') ? `Send the text \`${nullText}\` for null.` : undefined,
  ].filter((note) => note !== undefined);
  return {
    name,
    in: location,
    ...(notes.length > 0 ? { description: notes.join(' ') } : {}),
    required,
    // `?status=a&status=b`: each item its own repetition of the field.
    ...(location === 'query' && types.has('array') ? { style: 'form' as const, explode: true } : {}),
    schema: types.has('null') ? nullAsText(schema, components) : schema,
    ...(examples ? { examples } : {}),
  };
}

/** The JSON types a schema admits, looking through references and one level of `anyOf`/`oneOf`. */
function typesOf(schema: JsonSchema, components: SchemaComponents): Set<unknown> {
  const resolved = components.resolve(schema);
  const types = new Set<unknown>([resolved.type].flat());
  for (const key of ['anyOf', 'oneOf']) {
    const branches = resolved[key];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches) {
      if (isRecord(branch)) for (const type of [components.resolve(branch).type].flat()) types.add(type);
    }
  }
  types.delete(undefined);
  return types;
}

/**
 * A nullable parameter's schema as it travels: a URL cannot carry JSON null, so the text stands in
 * for it (`anyOf [uuid, {const: "null"}]`), which clients can send and generators keep.
 */
function nullAsText(schema: JsonSchema, components: SchemaComponents): JsonSchema {
  const text: JsonSchema = { type: 'string', const: nullText };
  const isNull = (branch: unknown) => isRecord(branch) && components.resolve(branch).type === 'null';
  for (const key of ['anyOf', 'oneOf']) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.some(isNull)) {
      return { ...schema, [key]: branches.map((branch) => (isNull(branch) ? text : branch)) };
    }
  }
  const types = [schema.type].flat();
  if (!types.includes('null')) return schema;
  const rest = types.filter((type) => type !== 'null');
  return { anyOf: [{ ...schema, type: rest.length === 1 ? rest[0] : rest }, text] };
}

function withoutFields(
  object: JsonSchema,
  properties: Record<string, JsonSchema>,
  required: string[],
  names: string[],
): JsonSchema {
  const rest = required.filter((name) => !names.includes(name));
  const { required: _required, ...others } = object;
  return {
    ...others,
    properties: Object.fromEntries(Object.entries(properties).filter(([name]) => !names.includes(name))),
    ...(rest.length > 0 ? { required: rest } : {}),
  };
}

const fieldOf = (input: unknown, name: string) => (isRecord(input) ? input[name] : undefined);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
