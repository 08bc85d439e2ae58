import { CreateProjectInput, limits } from '@charter/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useLocation } from 'wouter';
import { trpc } from '../api.ts';
import { useFormErrors } from '../forms/use-form-errors.ts';
import { useIdempotencyKey } from '../forms/use-idempotency-key.ts';
import { useAnnounce } from '../ui/announcer.tsx';
import { Field } from '../ui/field.tsx';
import { FormSummary } from '../ui/form-summary.tsx';

const fields = ['name', 'description'];

/** Creates a project, with the caller as its owner, and opens it. */
export function CreateProjectForm() {
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const announce = useAnnounce();
  const form = useFormErrors({ fields });
  const { idempotencyKey, renew } = useIdempotencyKey();
  const create = useMutation(
    trpc.projects.create.mutationOptions({
      // One key per form: a double submit creates once (src/forms/use-idempotency-key.ts).
      trpc: { context: { idempotencyKey } },
      onSuccess: async (project) => {
        renew();
        await queryClient.invalidateQueries(trpc.projects.list.pathFilter());
        announce(`Project ${project.name} created.`);
        navigate(`/projects/${project.id}`);
      },
      onError: (error) => form.fromServer(error),
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const description = String(data.get('description') ?? '');
    const input = form.check(CreateProjectInput, {
      name: data.get('name'),
      ...(description.trim() ? { description } : {}),
    });
    if (input) create.mutate(input);
  }

  return (
    <form
      ref={form.formRef}
      onSubmit={submit}
      noValidate
      className="card stack"
      aria-labelledby="new-project-heading"
    >
      <h2 id="new-project-heading">New project</h2>
      <FormSummary ref={form.summaryRef} errors={form.errors} error={create.error} />
      <Field form="new-project" name="name" label="Name" errors={form.errors.fields.name}>
        {(control) => <input {...control} type="text" required maxLength={limits.projectNameMaxLength} />}
      </Field>
      <Field
        form="new-project"
        name="description"
        label="Description (optional)"
        errors={form.errors.fields.description}
      >
        {(control) => <textarea {...control} rows={2} />}
      </Field>
      <button type="submit" className="primary" disabled={create.isPending} aria-busy={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create project'}
      </button>
    </form>
  );
}
