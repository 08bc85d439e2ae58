// For programs that run the server in their own process (the benchmarks): what src/main.ts does,
// without reading process.env or handling signals.
export { parseEnv } from './env.ts';
export { createLogger } from './logger.ts';
export { startServer } from './server.ts';
