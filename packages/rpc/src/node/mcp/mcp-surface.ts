import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { getTRPCErrorFromUnknown } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { AnyContract } from '../../contract.ts';
import { restOperations } from '../../rest/rest-operations.ts';
import { coerceToSchema } from '../../rest/schema-coercion.ts';
import { describeError } from '../../server/error-formatter.ts';
import { closeSignal } from '../close-signal.ts';
import type { DirectCall } from '../direct-call.ts';
import { idempotencyKeyOf } from '../idempotency-key.ts';
import { writeProblem } from '../problem.ts';
import { BodyError, jsonText, readBody } from '../read-body.ts';
import { problemOf } from '../rest/rest-problem.ts';
import { reportFailure, type Serving } from '../serving.ts';
import { type McpTool, mcpTools } from './mcp-tools.ts';

type Serve = (req: IncomingMessage, res: ServerResponse) => void;

export interface McpOptions {
  /** Where agents connect (Streamable HTTP). @default '/mcp' */
  path?: string;
  /** What the server calls itself to agents. */
  name: string;
  version: string;
  /**
   * The `WWW-Authenticate` challenge of a 401 at the MCP endpoint. MCP clients find the
   * authorization server through `resource_metadata` (RFC 9728). @default the policy's
   */
  challenge?: string;
}

type Sdk = {
  Server: typeof import('@modelcontextprotocol/sdk/server/index.js').Server;
  StreamableHTTPServerTransport: typeof import('@modelcontextprotocol/sdk/server/streamableHttp.js').StreamableHTTPServerTransport;
  ListToolsRequestSchema: typeof import('@modelcontextprotocol/sdk/types.js').ListToolsRequestSchema;
  CallToolRequestSchema: typeof import('@modelcontextprotocol/sdk/types.js').CallToolRequestSchema;
};

/**
 * The contract as MCP tools (Model Context Protocol, Streamable HTTP, stateless): each exposed
 * procedure a tool, described from the contract, called through the very same policy, validation
 * and handler as tRPC and REST (surface `mcp`): the caller's credential, scopes and rate limits
 * hold, and a refusal is a tool error with its catalogue code. `@modelcontextprotocol/sdk` is an
 * optional peer: install it to serve MCP.
 */
export function mcpSurface(serving: Serving, contract: AnyContract, options: McpOptions) {
  assertSdkInstalled();
  let sdk: Promise<Sdk> | undefined;
  const loadSdk = () => (sdk ??= importSdk());
  const path = options.path ?? '/mcp';
  const methods = new Map(
    restOperations(contract).map((operation) => [operation.procedurePath, operation.method]),
  );
  // Described (JSON Schema from every contract schema) on the first MCP request, not at start-up.
  let described: { tools: McpTool[]; byName: Map<string, McpTool> } | undefined;
  const describeTools = () => {
    if (!described) {
      const tools = mcpTools(serving.procedures.values(), (procedurePath) => methods.get(procedurePath));
      described = { tools, byName: new Map(tools.map((tool) => [tool.name, tool])) };
    }
    return described;
  };

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const ctx = serving.createContext(req, res);
    let principal: object;
    try {
      // The whole endpoint is for callers with a credential: MCP clients learn where to get one from the 401.
      principal = await serving.policy.authenticate(ctx);
    } catch (refusal) {
      // Told as REST tells a refusal (./rest/rest-problem.ts), with the MCP endpoint's own challenge.
      const { problem, headers } = problemOf(refusal, { serving, req, ctx, path: '' });
      if (problem.status === 401 && options.challenge) headers['WWW-Authenticate'] = options.challenge;
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      writeProblem(req, res, serving, problem);
      return;
    }
    let body: unknown;
    if (req.method === 'POST') {
      try {
        body = JSON.parse(
          jsonText(
            await readBody(req, { maxBytes: serving.limits.maxBodyBytes, inflate: true }),
            req.headers['content-type'],
          ),
        );
      } catch (error) {
        const status = error instanceof BodyError ? error.status : 400;
        const code =
          status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST';
        writeProblem(req, res, serving, code, error instanceof Error ? error.message : undefined);
        return;
      }
    }
    const { tools, byName } = describeTools();
    const held = serving.policy.scopesOf(principal);
    const visible = tools.filter((tool) =>
      tool.entry.procedure.meta.scopes.every((scope) => held.includes(scope)),
    );
    const { Server, StreamableHTTPServerTransport, ListToolsRequestSchema, CallToolRequestSchema } =
      await loadSdk();
    const server = new Server(
      { name: options.name, version: options.version },
      { capabilities: { tools: {} } },
    );
    server.setRequestHandler(ListToolsRequestSchema, async () => ({
      tools: visible.map(({ entry: _entry, ...tool }) => tool),
    }));
    server.setRequestHandler(CallToolRequestSchema, async (request) => {
      const tool = byName.get(request.params.name);
      if (!tool) return toolError({ code: 'NOT_FOUND', message: `There is no tool ${request.params.name}.` });
      return callTool(serving, tool, { ctx, req, res }, request.params.arguments ?? {}, request.params._meta);
    });
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.once('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };

  return (req: IncomingMessage): Serve | undefined => {
    const url = req.url ?? '';
    if (url !== path && !url.startsWith(`${path}?`)) return undefined;
    return (req, res) => {
      serve(req, res).catch((error: unknown) => {
        serving.logOf(req).error({ err: error }, 'MCP request failed');
        if (!res.headersSent) writeProblem(req, res, serving, 'INTERNAL_SERVER_ERROR');
        else res.end();
      });
    };
  };
}

/** Calls a tool's procedure through the policy, as tRPC and REST do; a failure is a tool error. */
async function callTool(
  serving: Serving,
  tool: McpTool,
  { ctx, req, res }: { ctx: object; req: IncomingMessage; res: ServerResponse },
  args: Record<string, unknown>,
  meta: Record<string, unknown> | undefined,
) {
  const { entry } = tool;
  const schema = entry.procedure.input;
  try {
    const output = await (serving.calls.get(entry.path) as DirectCall)({
      ctx,
      surface: 'mcp',
      // MCP has no header per call: a retry-safe agent sends its key in the call's `_meta`.
      idempotencyKey: idempotencyKeyOf(meta?.idempotencyKey),
      signal: closeSignal(res),
      // Arguments arrive as JSON: Dates as text, turned into what the schema wants, as REST does.
      getRawInput: async () =>
        schema ? coerceToSchema(schema, tool.wrapsInput ? args.input : args, 'json') : undefined,
    });
    const json: unknown = output === undefined ? null : JSON.parse(JSON.stringify(output));
    return {
      content: [{ type: 'text' as const, text: JSON.stringify(json) }],
      ...(tool.outputSchema ? { structuredContent: json as Record<string, unknown> } : {}),
    };
  } catch (thrown) {
    const error = getTRPCErrorFromUnknown(thrown);
    const status = getHTTPStatusCodeFromError(error);
    reportFailure(serving.logOf(req), error, entry.path);
    const { appCode, message, issues } = describeError(error, status);
    const retryAfterSeconds = (error as { retryAfterSeconds?: number }).retryAfterSeconds;
    return toolError({
      code: appCode,
      message,
      ...(issues ? { issues } : {}),
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    });
  }
}

/** A refused or failed call, as MCP tells a model: an error result carrying the catalogue's words. */
function toolError(problem: { code: string; message: string; issues?: unknown; retryAfterSeconds?: number }) {
  return { isError: true, content: [{ type: 'text' as const, text: JSON.stringify(problem) }] };
}

function assertSdkInstalled(): void {
  try {
    createRequire(import.meta.url).resolve('@modelcontextprotocol/sdk/server');
  } catch {
    throw new Error('Serving MCP needs @modelcontextprotocol/sdk: npm install @modelcontextprotocol/sdk');
  }
}

async function importSdk(): Promise<Sdk> {
  const [server, http, types] = await Promise.all([
    import('@modelcontextprotocol/sdk/server/index.js'),
    import('@modelcontextprotocol/sdk/server/streamableHttp.js'),
    import('@modelcontextprotocol/sdk/types.js'),
  ]);
  return {
    Server: server.Server,
    StreamableHTTPServerTransport: http.StreamableHTTPServerTransport,
    ListToolsRequestSchema: types.ListToolsRequestSchema,
    CallToolRequestSchema: types.CallToolRequestSchema,
  };
}
