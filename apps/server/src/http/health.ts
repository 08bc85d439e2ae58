import type { RequestHandler } from 'express';
import { type Kysely, sql } from 'kysely';
import { databaseRetryAfterSeconds } from '../db/database-unavailable.ts';
import type { Database } from '../db/schema.ts';

/** Liveness with a database round trip: 200 when the server can serve, 503 when its database cannot. */
export function health(db: Kysely<Database>): RequestHandler {
  return async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    try {
      await sql`select 1`.execute(db);
      res.json({ status: 'ok' });
    } catch (error) {
      req.log.warn({ err: error }, 'health check: database unreachable');
      res.setHeader('Retry-After', String(databaseRetryAfterSeconds));
      res.status(503).json({ status: 'unavailable' });
    }
  };
}
