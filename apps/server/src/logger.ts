import pino, { type Logger } from 'pino';

/** Credentials that may appear in what gets logged; pino replaces them before anything is written. */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  // Redirects back to OAuth apps carry the authorization code.
  'res.headers.location',
  '*.password',
  '*.accessToken',
  // node-postgres hands an idle connection's error its client: connection parameters, cancel key.
  'err.client',
];

export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    { level: options.level, redact: { paths: redactedPaths, censor: '[redacted]' } },
    options.destination,
  );
}
