import { limits, loadCommonPasswords, SignUpInput } from '@charter/contract';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect } from 'react';
import { Link, Redirect, useSearchParams } from 'wouter';
import { session, trpc } from '../api.ts';
import { useFormErrors } from '../forms/use-form-errors.ts';
import { errorCodeOf } from '../ui/api-errors.ts';
import { Field } from '../ui/field.tsx';
import { FormSummary } from '../ui/form-summary.tsx';
import { PageHeading } from '../ui/page-heading.tsx';
import { safeNext } from './safe-next.ts';
import { useSession } from './use-session.ts';

const fields = ['name', 'email', 'password'];

export function SignUpPage() {
  const current = useSession();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const form = useFormErrors({ fields });
  const signUp = useMutation(
    trpc.auth.signUp.mutationOptions({
      onSuccess: (created) => session.start(created),
      onError: (error) => {
        if (errorCodeOf(error) === 'EMAIL_TAKEN') form.onField('email', error.message);
        else form.fromServer(error);
      },
    }),
  );
  // The list of common passwords stays out of the app's first download: it loads with this page.
  useEffect(() => {
    loadCommonPasswords().catch(() => undefined);
  }, []);
  if (current) return <Redirect to={next} replace />;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    // Without the list (offline) the server still refuses a common password, and says why.
    await loadCommonPasswords().catch(() => undefined);
    const input = form.check(SignUpInput, {
      name: data.get('name'),
      email: data.get('email'),
      password: data.get('password'),
    });
    if (input) signUp.mutate(input);
  }
  const emailTaken = errorCodeOf(signUp.error) === 'EMAIL_TAKEN';

  return (
    <section className="auth-page">
      <PageHeading title="Sign up">Create your Charter account</PageHeading>
      <form ref={form.formRef} onSubmit={submit} noValidate className="stack">
        <FormSummary
          ref={form.summaryRef}
          errors={form.errors}
          error={emailTaken ? undefined : signUp.error}
        />
        <Field form="sign-up" name="name" label="Name" errors={form.errors.fields.name}>
          {(control) => <input {...control} type="text" autoComplete="name" required />}
        </Field>
        <Field form="sign-up" name="email" label="Email" errors={form.errors.fields.email}>
          {(control) => <input {...control} type="email" autoComplete="email" required />}
        </Field>
        <Field
          form="sign-up"
          name="password"
          label="Password"
          hint={`${limits.passwordMinLength} to ${limits.passwordMaxLength} characters, not a common password or an easy pattern. A few random words make a good one.`}
          errors={form.errors.fields.password}
        >
          {(control) => <input {...control} type="password" autoComplete="new-password" required />}
        </Field>
        <button type="submit" className="primary" disabled={signUp.isPending} aria-busy={signUp.isPending}>
          {signUp.isPending ? 'Creating your account…' : 'Sign up'}
        </button>
      </form>
      <p>
        Already have an account? <Link href="/log-in">Log in</Link>
      </p>
    </section>
  );
}
