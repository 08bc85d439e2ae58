import { CreateTaskInput, type Member } from '@charter/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { trpc } from '../api.ts';
import { useFormErrors } from '../forms/use-form-errors.ts';
import { useIdempotencyKey } from '../forms/use-idempotency-key.ts';
import { useAnnounce } from '../ui/announcer.tsx';
import { FormSummary } from '../ui/form-summary.tsx';
import { TaskFormFields } from './task-form-fields.tsx';
import { createInputOf, taskFieldAliases, taskFields, taskFormValuesOf } from './task-form-values.ts';

const mapping = { fields: taskFields, aliases: taskFieldAliases, itemNoun: { labels: 'Label' } };

/** Adds a task to the project; the title keeps focus for the next one. */
export function NewTaskForm({ projectId, members }: { projectId: string; members: readonly Member[] }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const form = useFormErrors(mapping);
  const { idempotencyKey, renew } = useIdempotencyKey();
  const create = useMutation(
    trpc.tasks.create.mutationOptions({
      // One key per form: a double submit creates once (src/forms/use-idempotency-key.ts).
      trpc: { context: { idempotencyKey } },
      onSuccess: async (task) => {
        renew();
        form.formRef.current?.reset();
        form.formRef.current?.querySelector<HTMLInputElement>('[name="title"]')?.focus();
        announce(`Task ${task.title} created.`);
        await queryClient.invalidateQueries(trpc.tasks.list.infiniteQueryFilter({ projectId }));
      },
      onError: (error) => form.fromServer(error),
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = form.check(
      CreateTaskInput,
      createInputOf(projectId, taskFormValuesOf(new FormData(event.currentTarget))),
    );
    if (input) create.mutate(input);
  }

  return (
    <form
      ref={form.formRef}
      onSubmit={submit}
      noValidate
      className="card task-form"
      aria-labelledby="new-task-heading"
    >
      <h3 id="new-task-heading">New task</h3>
      <FormSummary ref={form.summaryRef} errors={form.errors} error={create.error} />
      <div className="form-grid">
        <TaskFormFields form="new-task" errors={form.errors} members={members} />
      </div>
      <button type="submit" className="primary" disabled={create.isPending} aria-busy={create.isPending}>
        {create.isPending ? 'Adding…' : 'Add task'}
      </button>
    </form>
  );
}
