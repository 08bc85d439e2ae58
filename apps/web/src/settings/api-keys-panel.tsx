import { type ApiKey, CreateApiKeyInput } from '@charter/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { trpc } from '../api.ts';
import { fromDateTimeLocal, viewerTimeZone } from '../dates/date-time.ts';
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
import { grantablePlans } from './grantable-plans.ts';
import { ScopeChoices } from './scope-choices.tsx';
import { ShownOnce } from './shown-once.tsx';

const fields = ['name', 'scopes', 'plan', 'expiresAt'];

/** API keys: create one (shown once), list them, revoke one. */
export function ApiKeysPanel() {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const form = useFormErrors({ fields });
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const formHeading = useRef<HTMLHeadingElement>(null);
  useFocusWhenDone(created !== null, formHeading);
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const ownPlan = useQuery(trpc.auth.me.queryOptions()).data?.plan;
  const refresh = () => queryClient.invalidateQueries(trpc.apiKeys.list.queryFilter());

  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: async ({ key, apiKey }) => {
        form.formRef.current?.reset();
        setCreated({ key, name: apiKey.name });
        await refresh();
      },
      onError: (error) => form.fromServer(error),
    }),
  );
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        announce(`API key ${revoking?.name ?? ''} revoked.`);
        setRevoking(null);
        await refresh();
      },
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const plan = String(data.get('plan') ?? '');
    const expiresAt = fromDateTimeLocal(String(data.get('expiresAt') ?? ''));
    const input = form.check(CreateApiKeyInput, {
      name: data.get('name'),
      scopes: data.getAll('scopes'),
      ...(plan ? { plan } : {}),
      ...(expiresAt ? { expiresAt } : {}),
    });
    if (input) create.mutate(input);
  }

  return (
    <section className="stack" aria-labelledby="api-keys-heading">
      <PageHeading title="API keys" level={2}>
        <span id="api-keys-heading">API keys</span>
      </PageHeading>
      <p>
        Scripts and services call the API with a key: <code>Authorization: Bearer chk_…</code>. A key carries
        only the scopes you give it.
      </p>
      {created ? (
        <ShownOnce
          title={`Your new API key “${created.name}”`}
          secrets={[['API key', created.key]]}
          note="Copy the key now: it is stored hashed and will never be shown again."
          onDone={() => setCreated(null)}
        />
      ) : (
        <form
          ref={form.formRef}
          onSubmit={submit}
          noValidate
          className="card stack"
          aria-labelledby="new-key-heading"
        >
          <h3 id="new-key-heading" ref={formHeading} tabIndex={-1}>
            New API key
          </h3>
          <FormSummary ref={form.summaryRef} errors={form.errors} error={create.error} />
          <Field
            form="new-key"
            name="name"
            label="Name"
            hint="What uses it, e.g. “CI dashboard”"
            errors={form.errors.fields.name}
          >
            {(control) => <input {...control} type="text" required />}
          </Field>
          <ScopeChoices
            form="new-key"
            errors={form.errors.fields.scopes}
            defaultChecked={['projects:read', 'tasks:read']}
          />
          <Field
            form="new-key"
            name="plan"
            label="Rate-limit plan"
            hint={`A smaller budget than yours${ownPlan ? ` (${ownPlan})` : ''} limits what a leaked key can cost you.`}
            errors={form.errors.fields.plan}
          >
            {(control) => (
              <select {...control} defaultValue="">
                <option value="">Same as mine</option>
                {grantablePlans(ownPlan).map((plan) => (
                  <option key={plan} value={plan}>
                    {plan}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            form="new-key"
            name="expiresAt"
            label="Expires (optional)"
            hint={`Your time zone: ${viewerTimeZone()}. Leave empty for a key that lasts until revoked.`}
            errors={form.errors.fields.expiresAt}
          >
            {(control) => <input {...control} type="datetime-local" />}
          </Field>
          <button type="submit" className="primary" disabled={create.isPending} aria-busy={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create API key'}
          </button>
        </form>
      )}

      <h3>Your keys</h3>
      {keys.isPending ? (
        <Loading>Loading API keys…</Loading>
      ) : keys.isError ? (
        <ApiError error={keys.error} context="Could not load your API keys." onRetry={() => keys.refetch()} />
      ) : keys.data.length === 0 ? (
        <Empty title="No API keys yet">
          <p>Create one above for each script or service, with only the scopes it needs.</p>
        </Empty>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">Your API keys, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Scopes</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.map((key) => (
                <tr key={key.id} className={key.revokedAt ? 'revoked' : undefined}>
                  <th scope="row">{key.name}</th>
                  <td>
                    <code>{key.prefix}…</code>
                  </td>
                  <td>{key.scopes.join(', ')}</td>
                  <td>
                    <LocalTime value={key.createdAt} />
                  </td>
                  <td>{key.lastUsedAt ? <LocalTime value={key.lastUsedAt} /> : 'Never'}</td>
                  <td>
                    {key.revokedAt ? (
                      <>
                        Revoked <LocalTime value={key.revokedAt} />
                      </>
                    ) : key.expiresAt ? (
                      <>
                        Expires <LocalTime value={key.expiresAt} />
                      </>
                    ) : (
                      'Active'
                    )}
                  </td>
                  <td>
                    {!key.revokedAt && (
                      <button type="button" className="small danger" onClick={() => setRevoking(key)}>
                        Revoke<span className="visually-hidden"> {key.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke “${revoking?.name ?? ''}”?`}
        confirmLabel="Revoke key"
        busy={revoke.isPending}
        error={revoke.error}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate({ id: revoking.id })}
      >
        <p>Anything using this key stops working with its next request.</p>
      </ConfirmDialog>
    </section>
  );
}
