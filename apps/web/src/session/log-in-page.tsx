import { LogInInput } from '@charter/contract';
import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Link, Redirect, useSearchParams } from 'wouter';
import { session, trpc } from '../api.ts';
import { useFormErrors } from '../forms/use-form-errors.ts';
import { Field } from '../ui/field.tsx';
import { FormSummary } from '../ui/form-summary.tsx';
import { PageHeading } from '../ui/page-heading.tsx';
import { safeNext } from './safe-next.ts';
import { useSession } from './use-session.ts';

const fields = ['email', 'password'];

export function LogInPage() {
  const current = useSession();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const form = useFormErrors({ fields });
  const logIn = useMutation(
    trpc.auth.logIn.mutationOptions({
      onSuccess: (created) => session.start(created),
      onError: (error) => form.fromServer(error),
    }),
  );
  if (current) return <Redirect to={next} replace />;

  const ended = session.endReason();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const input = form.check(LogInInput, { email: data.get('email'), password: data.get('password') });
    if (input) logIn.mutate(input);
  }

  return (
    <section className="auth-page">
      <PageHeading title="Log in">Log in to Charter</PageHeading>
      {ended === 'ended' && <p className="notice">Your session has ended. Please log in again.</p>}
      {ended === 'logged-out' && <p className="notice">You have logged out.</p>}
      <form ref={form.formRef} onSubmit={submit} noValidate className="stack">
        <FormSummary ref={form.summaryRef} errors={form.errors} error={logIn.error} />
        <Field form="log-in" name="email" label="Email" errors={form.errors.fields.email}>
          {(control) => <input {...control} type="email" autoComplete="username" required />}
        </Field>
        <Field form="log-in" name="password" label="Password" errors={form.errors.fields.password}>
          {(control) => <input {...control} type="password" autoComplete="current-password" required />}
        </Field>
        <button type="submit" className="primary" disabled={logIn.isPending} aria-busy={logIn.isPending}>
          {logIn.isPending ? 'Logging in…' : 'Log in'}
        </button>
      </form>
      <p>
        No account yet?{' '}
        <Link href={`/sign-up${next === '/projects' ? '' : `?next=${encodeURIComponent(next)}`}`}>
          Sign up
        </Link>
      </p>
    </section>
  );
}
