import { type Kysely, sql } from 'kysely';
import type { Database, UsageCountersTable } from '../db/schema.ts';

export interface UsageEvent {
  /** The account the call counts for. */
  userId: string;
  callerKind: UsageCountersTable['caller_kind'];
  callerId: string;
  procedure: string;
  refused: boolean;
}

/**
 * Counts calls in memory and adds them to the database in the background, every few seconds and on
 * shutdown: recording costs a request one Map update, never a query. Several processes add to the
 * same rows, so the totals stay right.
 */
export class UsageRecorder {
  private pending = new Map<string, UsageCountersTable>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly db: Kysely<Database>,
    options: { flushEveryMs: number; now: () => Date; onError: (error: unknown) => void },
  ) {
    this.now = options.now;
    this.timer = setInterval(() => this.flush().catch(options.onError), options.flushEveryMs);
    this.timer.unref();
  }

  private readonly now: () => Date;

  record(event: UsageEvent): void {
    const hour = Math.floor(this.now().getTime() / 3_600_000) * 3_600_000;
    const key = `${event.userId}\n${hour}\n${event.callerKind}\n${event.callerId}\n${event.procedure}`;
    let counter = this.pending.get(key);
    if (!counter) {
      counter = {
        user_id: event.userId,
        hour: new Date(hour),
        caller_kind: event.callerKind,
        caller_id: event.callerId,
        procedure: event.procedure,
        calls: 0,
        refused: 0,
      };
      this.pending.set(key, counter);
    }
    counter.calls += 1;
    if (event.refused) counter.refused += 1;
  }

  /**
   * Adds what was counted since the last flush to the database. When that fails (the database
   * out of reach), the counts stay pending for the next flush.
   */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.db
        .insertInto('usage_counters')
        .values([...batch.values()])
        .onConflict((conflict) =>
          conflict.columns(['user_id', 'hour', 'caller_kind', 'caller_id', 'procedure']).doUpdateSet({
            calls: sql<number>`usage_counters.calls + excluded.calls`,
            refused: sql<number>`usage_counters.refused + excluded.refused`,
          }),
        )
        .execute();
    } catch (error) {
      for (const [key, counter] of batch) {
        const since = this.pending.get(key);
        if (since) {
          counter.calls += since.calls;
          counter.refused += since.refused;
        }
        this.pending.set(key, counter);
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
