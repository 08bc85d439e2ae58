// Server-only entry: serves a contract over the tRPC wire and REST on plain node:http requests.

export { type DirectCall, directCallOf } from './node/direct-call.ts';
export type { RpcPlugin } from './node/plugin.ts';
export {
  asUriReference,
  builtInProblem,
  type Problem,
  type ProblemLinks,
  prefersXml,
  writeProblem,
} from './node/problem.ts';
export { BodyError, charsetOf, jsonText, percentDecodesToUtf8, readBody } from './node/read-body.ts';
export { createRpcHandler, type RpcHandler, type RpcHandlerOptions } from './node/rpc-handler.ts';
export { sendBody, weakEtag } from './node/send-body.ts';
export type { FailureLog } from './node/serving.ts';
export { markListening } from './node/stream-opening.ts';
