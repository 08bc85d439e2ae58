import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useMemo, useState } from 'react';
import { signedInBudgets, trpc } from '../api.ts';
import { ApiError } from '../ui/api-error.tsx';
import { LocalTime } from '../ui/local-time.tsx';
import { PageHeading } from '../ui/page-heading.tsx';
import { RateLimitStatus } from '../ui/rate-limit-status.tsx';
import { Empty, Loading } from '../ui/states.tsx';
import { deprecatedProcedures, deprecationText } from './deprecated-procedures.ts';
import { usageChart, usageRows } from './usage-summary.ts';

// The charting library is big: it loads only when this tab opens.
const UsageChart = lazy(() => import('./usage-chart.tsx'));

const ranges = {
  '24h': ['Last 24 hours', 1],
  '7d': ['Last 7 days', 7],
  '31d': ['Last 31 days', 31],
} as const;
type Range = keyof typeof ranges;

/** Calls and refusals per caller (you, each API key, each OAuth app) and procedure, as a chart and a table. */
export function UsagePanel() {
  const queryClient = useQueryClient();
  const [range, setRange] = useState<Range>('24h');
  // The range starts when it is chosen (or refreshed), so the query key stays put in between.
  const [from, setFrom] = useState(() => startOf('24h'));
  const usage = useQuery(trpc.usage.get.queryOptions({ from }));
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const apps = useQuery(trpc.oauthApps.list.queryOptions());

  const rows = useMemo(() => {
    const names = {
      apiKeys: new Map((keys.data ?? []).map((key) => [key.id, key.name])),
      oauthApps: new Map((apps.data ?? []).map((app) => [app.clientId, app.name])),
    };
    return usageRows(usage.data?.entries ?? [], names, deprecatedProcedures);
  }, [usage.data, keys.data, apps.data]);
  const chart = useMemo(() => usageChart(rows), [rows]);
  const stillDeprecated = rows.filter((row) => row.deprecated);
  const refresh = () => {
    setFrom(startOf(range));
    // Keys and apps made since the names were loaded get their names too.
    void queryClient.invalidateQueries(trpc.apiKeys.list.queryFilter());
    void queryClient.invalidateQueries(trpc.oauthApps.list.queryFilter());
  };

  return (
    <section className="stack" aria-labelledby="usage-heading">
      <PageHeading title="Usage" level={2}>
        <span id="usage-heading">Usage</span>
      </PageHeading>
      <RateLimitStatus budgets={signedInBudgets} />
      <div className="toolbar">
        <div className="field">
          <label htmlFor="usage-range">Period</label>
          <select
            id="usage-range"
            value={range}
            onChange={(event) => {
              const next = event.target.value as Range;
              setRange(next);
              setFrom(startOf(next));
            }}
          >
            {Object.entries(ranges).map(([value, [label]]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <button type="button" onClick={refresh} disabled={usage.isFetching}>
          {usage.isFetching ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      <p className="muted">
        Counts are written every few seconds, so the latest calls may take a moment to appear.
      </p>
      {usage.isPending ? (
        <Loading>Loading usage…</Loading>
      ) : usage.isError ? (
        <ApiError error={usage.error} context="Could not load your usage." onRetry={() => usage.refetch()} />
      ) : rows.length === 0 ? (
        <Empty title="No calls in this period">
          <p>
            Calls made by you, your API keys and your OAuth apps show here within a few seconds: choose a
            longer period, or refresh.
          </p>
        </Empty>
      ) : (
        <>
          <figure className="card chart">
            <figcaption>
              Calls per procedure and caller, <LocalTime value={usage.data.from} /> to{' '}
              <LocalTime value={usage.data.to} />
            </figcaption>
            <Suspense fallback={<Loading>Loading the chart…</Loading>}>
              <UsageChart chart={chart} />
            </Suspense>
          </figure>
          {stillDeprecated.length > 0 && (
            <div className="notice notice-warning" role="status">
              <p>
                {new Set(stillDeprecated.map((row) => row.caller)).size === 1
                  ? 'A caller still calls'
                  : `${new Set(stillDeprecated.map((row) => row.caller)).size} callers still call`}{' '}
                deprecated procedures, marked below: move them to the replacement before the sunset. See{' '}
                <a href="/docs/guides/changes">API changes</a>.
              </p>
            </div>
          )}
          <div className="table-scroll">
            <table className="table usage-table">
              <caption>Calls and refusals per caller and procedure</caption>
              <thead>
                <tr>
                  <th scope="col">Caller</th>
                  <th scope="col">Procedure</th>
                  <th scope="col" className="number">
                    Calls
                  </th>
                  <th scope="col" className="number">
                    Refused (rate limit)
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={`${row.callerId} ${row.procedure}`}>
                    <th scope="row">{row.caller}</th>
                    <td>
                      <code>{row.procedure}</code>
                      {row.deprecated && (
                        <>
                          {' '}
                          <span className="badge deprecated" title={deprecationText(row.deprecated)}>
                            deprecated
                          </span>
                        </>
                      )}
                    </td>
                    <td className="number">{row.calls}</td>
                    <td className="number">{row.refused}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function startOf(range: Range): Date {
  return new Date(Date.now() - ranges[range][1] * 86_400_000 + 60_000);
}
