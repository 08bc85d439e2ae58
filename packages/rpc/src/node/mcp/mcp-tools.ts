import { type $ZodType, toJSONSchema } from 'zod/v4/core';
import { isMcpTool, mcpToolName, type ProcedureMeta } from '../../procedure.ts';
import type { RestOperation } from '../../rest/rest-operations.ts';
import type { ImplementedProcedure } from '../../server/implement.ts';

type JsonSchema = Record<string, unknown>;

/** A procedure as an MCP tool: what `tools/list` says of it. */
export interface McpTool {
  name: string;
  title: string;
  description: string;
  inputSchema: JsonSchema;
  outputSchema?: JsonSchema;
  /** The input is not an object: MCP wants one, so it travels as `{ input }`. */
  wrapsInput: boolean;
  annotations: {
    readOnlyHint: boolean;
    destructiveHint: boolean;
    idempotentHint: boolean;
    openWorldHint: false;
  };
  /** The procedure it calls. */
  entry: ImplementedProcedure;
}

/**
 * The tools of the procedures agents may call, described from the contract: the summary and
 * description, the input and output as JSON Schema (Dates as ISO 8601 text, as JSON carries them),
 * and hints from the procedure's kind and REST method: a query reads only; a DELETE destroys; a
 * PUT, PATCH or DELETE may be repeated to the same effect.
 */
export function mcpTools(
  procedures: Iterable<ImplementedProcedure>,
  restMethodOf: (path: string) => RestOperation['method'] | undefined,
): McpTool[] {
  const tools: McpTool[] = [];
  for (const entry of procedures) {
    if (!isMcpTool(entry.procedure)) continue;
    const { procedure, path } = entry;
    const method = restMethodOf(path);
    const output = jsonSchemaOf(procedure.output, 'output');
    const input = procedure.input ? jsonSchemaOf(procedure.input, 'input') : emptyObject;
    const wrapsInput = input.type !== 'object';
    tools.push({
      name: mcpToolName(path),
      title: procedure.meta.summary,
      description: describe(procedure.meta),
      inputSchema: wrapsInput ? { type: 'object', properties: { input }, required: ['input'] } : input,
      wrapsInput,
      // MCP's structured output is an object; a list or a scalar goes as text alone.
      ...(output.type === 'object' ? { outputSchema: output } : {}),
      annotations: {
        readOnlyHint: procedure.type === 'query',
        destructiveHint: method === 'DELETE',
        idempotentHint:
          procedure.type === 'query' || method === 'PUT' || method === 'PATCH' || method === 'DELETE',
        openWorldHint: false,
      },
      entry,
    });
  }
  return tools;
}

const emptyObject: JsonSchema = { type: 'object', properties: {} };

function describe(meta: ProcedureMeta): string {
  const scopes =
    meta.scopes.length > 0
      ? ` Needs the scope${meta.scopes.length > 1 ? 's' : ''} ${meta.scopes.join(', ')}.`
      : '';
  return `${meta.description ?? meta.summary}${scopes}`;
}

function jsonSchemaOf(schema: $ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema._zod.def.type === 'date')
        Object.assign(jsonSchema, { type: 'string', format: 'date-time' });
    },
  }) as JsonSchema;
  return rest;
}
