import type { RequestHandler } from 'express';
import { type Kysely, sql } from 'kysely';
import { databaseRetryAfterSeconds } from '../db/database-unavailable.ts';
import type { Database } from '../db/schema.ts';
import type { LoadShedder } from '../overload/load-shedder.ts';

/**
 * Liveness with a database round trip: 200 when the server can serve, 503 when its database cannot.
 * While it sheds load it still answers 200 (a load balancer that took every busy process out would
 * leave none), at once and without the round trip, saying why (docs/operating.md, Overload).
 */
export function health(db: Kysely<Database>, load?: LoadShedder): RequestHandler {
  return async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const shedding = load?.overloaded();
    if (shedding) {
      res.json({ status: 'ok', shedding });
      return;
    }
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
