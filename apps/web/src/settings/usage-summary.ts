import type { UsageEntry } from '@charter/contract';
import type { DeprecationNote } from './deprecated-procedures.ts';

type Caller = UsageEntry['caller'];

/** Names to show for callers: API keys by id, OAuth apps by client id. */
export interface CallerNames {
  apiKeys: ReadonlyMap<string, string>;
  oauthApps: ReadonlyMap<string, string>;
}

export function callerId(caller: Caller): string {
  if (caller.kind === 'apiKey') return `apiKey:${caller.apiKeyId}`;
  if (caller.kind === 'oauthApp') return `oauthApp:${caller.clientId}`;
  return 'user';
}

/** "You (logged in)", "API key “CI”", "OAuth app “Dashboard”"; ids for those since deleted. */
export function callerLabel(caller: Caller, names: CallerNames): string {
  if (caller.kind === 'apiKey') {
    const name = names.apiKeys.get(caller.apiKeyId);
    return name ? `API key “${name}”` : `API key ${caller.apiKeyId.slice(0, 8)}…`;
  }
  if (caller.kind === 'oauthApp') {
    const name = names.oauthApps.get(caller.clientId);
    return name ? `OAuth app “${name}”` : `OAuth app ${caller.clientId}`;
  }
  return 'You (logged in)';
}

export interface UsageRow {
  callerId: string;
  caller: string;
  procedure: string;
  calls: number;
  refused: number;
  /** Set when the contract deprecates the procedure: this caller still calls it. */
  deprecated?: DeprecationNote;
}

/** Hourly entries summed per caller and procedure: the table, most calls first within each caller. */
export function usageRows(
  entries: readonly UsageEntry[],
  names: CallerNames,
  deprecated: ReadonlyMap<string, DeprecationNote> = new Map(),
): UsageRow[] {
  const rows = new Map<string, UsageRow>();
  for (const entry of entries) {
    const id = callerId(entry.caller);
    const key = `${id}\n${entry.procedure}`;
    const note = deprecated.get(entry.procedure);
    const row = rows.get(key) ?? {
      callerId: id,
      caller: callerLabel(entry.caller, names),
      procedure: entry.procedure,
      calls: 0,
      refused: 0,
      ...(note === undefined ? {} : { deprecated: note }),
    };
    row.calls += entry.calls;
    row.refused += entry.refused;
    rows.set(key, row);
  }
  return [...rows.values()].sort(
    (a, b) =>
      Number(b.callerId === 'user') - Number(a.callerId === 'user') ||
      a.caller.localeCompare(b.caller) ||
      b.calls - a.calls ||
      a.procedure.localeCompare(b.procedure),
  );
}

export interface UsageChart {
  /** One bar per procedure: `{ procedure, s0: calls by the first caller, s1: … }`. */
  data: ({ procedure: string } & Record<string, number | string>)[];
  /** One stacked series per caller; keys are plain (`s0`) since chart keys read dots as paths. */
  series: { key: string; label: string }[];
}

/** The chart: calls per procedure, stacked by caller, busiest procedures first. */
export function usageChart(rows: readonly UsageRow[]): UsageChart {
  const series: UsageChart['series'] = [];
  const seriesKey = new Map<string, string>();
  const byProcedure = new Map<string, { procedure: string } & Record<string, number | string>>();
  const totals = new Map<string, number>();
  for (const row of rows) {
    let key = seriesKey.get(row.callerId);
    if (!key) {
      key = `s${series.length}`;
      seriesKey.set(row.callerId, key);
      series.push({ key, label: row.caller });
    }
    const bar = byProcedure.get(row.procedure) ?? { procedure: row.procedure };
    bar[key] = row.calls;
    byProcedure.set(row.procedure, bar);
    totals.set(row.procedure, (totals.get(row.procedure) ?? 0) + row.calls);
  }
  const data = [...byProcedure.values()].sort(
    (a, b) =>
      (totals.get(b.procedure) ?? 0) - (totals.get(a.procedure) ?? 0) ||
      a.procedure.localeCompare(b.procedure),
  );
  return { data, series };
}
