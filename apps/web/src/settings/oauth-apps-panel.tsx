import { CreateOAuthAppInput, limits, type OAuthApp } from '@charter/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { trpc } from '../api.ts';
import { useFormErrors } from '../forms/use-form-errors.ts';
import { useAnnounce } from '../ui/announcer.tsx';
import { ApiError } from '../ui/api-error.tsx';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { Field } from '../ui/field.tsx';
import { FormSummary } from '../ui/form-summary.tsx';
import { LocalTime } from '../ui/local-time.tsx';
import { PageHeading } from '../ui/page-heading.tsx';
import { Empty, Loading } from '../ui/states.tsx';
import { useFocusWhenDone } from '../ui/use-focus-after.ts';
import { ScopeChoices } from './scope-choices.tsx';
import { ShownOnce } from './shown-once.tsx';

const mapping = {
  fields: ['name', 'redirectUris', 'confidential', 'scopes'],
  itemNoun: { redirectUris: 'Line' },
};

/** Redirect URIs typed one per line; blank lines ignored. */
const redirectUrisOf = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** OAuth apps: register one (its secret shown once), list them, delete one. */
export function OAuthAppsPanel() {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const form = useFormErrors(mapping);
  const [created, setCreated] = useState<{ name: string; clientId: string; clientSecret?: string } | null>(
    null,
  );
  const [deleting, setDeleting] = useState<OAuthApp | null>(null);
  const formHeading = useRef<HTMLHeadingElement>(null);
  useFocusWhenDone(created !== null, formHeading);
  const apps = useQuery(trpc.oauthApps.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.oauthApps.list.queryFilter());

  const create = useMutation(
    trpc.oauthApps.create.mutationOptions({
      onSuccess: async ({ clientId, clientSecret, app }) => {
        form.formRef.current?.reset();
        setCreated({ name: app.name, clientId, ...(clientSecret ? { clientSecret } : {}) });
        await refresh();
      },
      onError: (error) => form.fromServer(error),
    }),
  );
  const remove = useMutation(
    trpc.oauthApps.delete.mutationOptions({
      onSuccess: async () => {
        announce(`OAuth app ${deleting?.name ?? ''} deleted.`);
        setDeleting(null);
        await refresh();
      },
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const input = form.check(CreateOAuthAppInput, {
      name: data.get('name'),
      redirectUris: redirectUrisOf(String(data.get('redirectUris') ?? '')),
      confidential: data.get('confidential') === 'on',
      scopes: data.getAll('scopes'),
    });
    if (input) create.mutate(input);
  }

  return (
    <section className="stack" aria-labelledby="oauth-apps-heading">
      <PageHeading title="OAuth apps" level={2}>
        <span id="oauth-apps-heading">OAuth apps</span>
      </PageHeading>
      <p>
        Apps that act for Charter users register here, then use the authorization-code flow with PKCE. See the{' '}
        <a href="/docs">API documentation</a>.
      </p>
      {created ? (
        <ShownOnce
          title={`“${created.name}” is registered`}
          secrets={[
            ['Client ID', created.clientId],
            ...(created.clientSecret ? [['Client secret', created.clientSecret] as const] : []),
          ]}
          note={
            created.clientSecret
              ? 'Copy the client secret now: it is stored hashed and will never be shown again.'
              : 'A public app has no secret: it proves itself with PKCE.'
          }
          onDone={() => setCreated(null)}
        />
      ) : (
        <form
          ref={form.formRef}
          onSubmit={submit}
          noValidate
          className="card stack"
          aria-labelledby="new-app-heading"
        >
          <h3 id="new-app-heading" ref={formHeading} tabIndex={-1}>
            Register an app
          </h3>
          <FormSummary ref={form.summaryRef} errors={form.errors} error={create.error} />
          <Field
            form="new-app"
            name="name"
            label="Name"
            hint="Users see it when they grant access."
            errors={form.errors.fields.name}
          >
            {(control) => (
              <input {...control} type="text" required maxLength={limits.oauthAppNameMaxLength} />
            )}
          </Field>
          <Field
            form="new-app"
            name="redirectUris"
            label="Redirect URIs"
            hint={`One per line, up to ${limits.redirectUrisPerAppMax}: https, or http on 127.0.0.1 for apps on the user's machine. Matched exactly.`}
            errors={form.errors.fields.redirectUris}
          >
            {(control) => <textarea {...control} rows={3} required spellCheck={false} />}
          </Field>
          <div className="field">
            <label className="choice">
              <input type="checkbox" name="confidential" aria-describedby="new-app-confidential-hint" />
              Confidential: a server-side app that can keep a client secret
            </label>
            <p className="hint" id="new-app-confidential-hint">
              Leave unchecked for browser, mobile and command-line apps: they use PKCE alone.
            </p>
          </div>
          <ScopeChoices
            form="new-app"
            errors={form.errors.fields.scopes}
            hint="The most a user can grant this app."
            defaultChecked={['projects:read', 'tasks:read']}
          />
          <button type="submit" className="primary" disabled={create.isPending} aria-busy={create.isPending}>
            {create.isPending ? 'Registering…' : 'Register app'}
          </button>
        </form>
      )}

      <h3>Your apps</h3>
      {apps.isPending ? (
        <Loading>Loading OAuth apps…</Loading>
      ) : apps.isError ? (
        <ApiError
          error={apps.error}
          context="Could not load your OAuth apps."
          onRetry={() => apps.refetch()}
        />
      ) : apps.data.length === 0 ? (
        <Empty title="No OAuth apps yet">
          <p>Register one above to let another application act for its users, with their consent.</p>
        </Empty>
      ) : (
        <ul className="app-list">
          {apps.data.map((app) => (
            <li key={app.clientId} className="card">
              <article aria-labelledby={`app-${app.clientId}`}>
                <h4 id={`app-${app.clientId}`}>{app.name}</h4>
                <dl className="facts">
                  <dt>Client ID</dt>
                  <dd>
                    <code>{app.clientId}</code>
                  </dd>
                  <dt>Type</dt>
                  <dd>{app.confidential ? 'Confidential (client secret)' : 'Public (PKCE)'}</dd>
                  <dt>Redirect URIs</dt>
                  <dd>
                    <ul>
                      {app.redirectUris.map((uri) => (
                        <li key={uri}>
                          <code>{uri}</code>
                        </li>
                      ))}
                    </ul>
                  </dd>
                  <dt>Scopes</dt>
                  <dd>{app.scopes.join(', ')}</dd>
                  <dt>Registered</dt>
                  <dd>
                    <LocalTime value={app.createdAt} />
                  </dd>
                </dl>
                <button type="button" className="small danger" onClick={() => setDeleting(app)}>
                  Delete<span className="visually-hidden"> {app.name}</span>
                </button>
              </article>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting?.name ?? ''}”?`}
        confirmLabel="Delete app"
        busy={remove.isPending}
        error={remove.error}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate({ clientId: deleting.clientId })}
      >
        <p>Every token issued to the app stops working at once.</p>
      </ConfirmDialog>
    </section>
  );
}
