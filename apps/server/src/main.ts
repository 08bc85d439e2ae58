import { InvalidEnvError, parseEnv } from './env.ts';
import { createLogger } from './logger.ts';
import { startServer } from './server.ts';

// The only place that reads process.env.
let env: ReturnType<typeof parseEnv>;
try {
  env = parseEnv(process.env);
} catch (error) {
  if (!(error instanceof InvalidEnvError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const log = createLogger({ level: env.LOG_LEVEL });
// Whenever Node's event loop runs dry it waits for every background job V8 has queued
// (nodejs/node#36616). PGlite leaves it dry while its WebAssembly starts, and the wait then took in
// TurboFan's compilation of that WebAssembly: about 200 ms of cold start spent idle. A timer keeps
// the loop busy until the server listens.
const startingUp = setInterval(() => undefined, 60_000);
const server = await startServer(env, { log }).catch((error: unknown) => {
  log.fatal({ err: error }, 'Charter API could not start');
  console.error(`Charter API could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
clearInterval(startingUp);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.on(signal, () => {
    // A terminal's Ctrl-C reaches both this process and whoever started it, who may pass it on.
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
