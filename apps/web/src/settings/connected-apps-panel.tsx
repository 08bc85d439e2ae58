import type { ConnectedApp } from '@charter/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { trpc } from '../api.ts';
import { useAnnounce } from '../ui/announcer.tsx';
import { ApiError } from '../ui/api-error.tsx';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { LocalTime } from '../ui/local-time.tsx';
import { PageHeading } from '../ui/page-heading.tsx';
import { Empty, Loading } from '../ui/states.tsx';

const resourceNames = { api: 'the API', mcp: 'AI agent tools (MCP)' } as const;

/** The apps you let act for you (OAuth), AI agents among them, and a way to disconnect each. */
export function ConnectedAppsPanel() {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const [revoking, setRevoking] = useState<ConnectedApp | null>(null);
  const apps = useQuery(trpc.connectedApps.list.queryOptions());
  const revoke = useMutation(
    trpc.connectedApps.revoke.mutationOptions({
      onSuccess: async () => {
        announce(`${revoking?.name ?? 'The app'} disconnected.`);
        setRevoking(null);
        await queryClient.invalidateQueries(trpc.connectedApps.list.queryFilter());
      },
    }),
  );

  return (
    <section className="stack" aria-labelledby="connected-apps-heading">
      <PageHeading title="Connected apps" level={2}>
        <span id="connected-apps-heading">Connected apps</span>
      </PageHeading>
      <p className="muted">
        Apps and AI agents you let act for you. Disconnecting one ends every token it holds at once; it has to
        ask you again.
      </p>
      {apps.isPending ? (
        <Loading>Loading connected apps…</Loading>
      ) : apps.isError ? (
        <ApiError
          error={apps.error}
          context="Could not load your connected apps."
          onRetry={() => apps.refetch()}
        />
      ) : apps.data.length === 0 ? (
        <Empty title="No connected apps">
          <p>When you let an app or an AI agent act for you, it shows here.</p>
        </Empty>
      ) : (
        <ul className="app-list">
          {apps.data.map((app) => (
            <li key={app.clientId} className="card">
              <article aria-labelledby={`connected-${app.clientId}`}>
                <h3 id={`connected-${app.clientId}`}>{app.name}</h3>
                <dl className="facts">
                  {app.selfRegistered && (
                    <>
                      <dt>Registered</dt>
                      <dd>By itself: its name is its own claim</dd>
                    </>
                  )}
                  <dt>Can use</dt>
                  <dd>{app.resources.map((resource) => resourceNames[resource]).join(', ')}</dd>
                  <dt>Scopes</dt>
                  <dd>{app.scopes.join(', ')}</dd>
                  <dt>Connected</dt>
                  <dd>
                    <LocalTime value={app.connectedAt} />
                  </dd>
                </dl>
                <button type="button" className="small danger" onClick={() => setRevoking(app)}>
                  Disconnect<span className="visually-hidden"> {app.name}</span>
                </button>
              </article>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={revoking !== null}
        title={`Disconnect “${revoking?.name ?? ''}”?`}
        confirmLabel="Disconnect"
        busy={revoke.isPending}
        error={revoke.error}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate({ clientId: revoking.clientId })}
      >
        <p>Every token it holds for you stops working at once.</p>
      </ConfirmDialog>
    </section>
  );
}
