import { type Member, type Task, UpdateTaskInput } from '@charter/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useRef } from 'react';
import { trpc } from '../api.ts';
import { useFormErrors } from '../forms/use-form-errors.ts';
import { useAnnounce } from '../ui/announcer.tsx';
import { useModal } from '../ui/confirm-dialog.tsx';
import { FormSummary } from '../ui/form-summary.tsx';
import { TaskFormFields } from './task-form-fields.tsx';
import {
  formValuesOfTask,
  taskFieldAliases,
  taskFields,
  taskFormValuesOf,
  updateInputOf,
} from './task-form-values.ts';

const mapping = { fields: taskFields, aliases: taskFieldAliases, itemNoun: { labels: 'Label' } };

interface EditTaskDialogProps {
  task: Task;
  members: readonly Member[];
  onClose: () => void;
}

/** Edits a task in a modal dialog; only the fields changed are sent. */
export function EditTaskDialog({ task, members, onClose }: EditTaskDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const form = useFormErrors(mapping);
  useModal(ref, true);

  const update = useMutation(
    trpc.tasks.update.mutationOptions({
      onSuccess: async (updated) => {
        announce(`Task ${updated.title} saved.`);
        onClose();
        await queryClient.invalidateQueries(
          trpc.tasks.list.infiniteQueryFilter({ projectId: task.projectId }),
        );
      },
      onError: (error) => form.fromServer(error),
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const changes = updateInputOf(task, taskFormValuesOf(new FormData(event.currentTarget)));
    // Nothing changed: nothing to send.
    if (Object.keys(changes).length === 1) return onClose();
    const input = form.check(UpdateTaskInput, changes);
    if (input) update.mutate(input);
  }

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      className="dialog wide-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form ref={form.formRef} onSubmit={submit} noValidate className="task-form">
        <h2 id={titleId}>Edit task</h2>
        <FormSummary ref={form.summaryRef} errors={form.errors} error={update.error} />
        <div className="form-grid">
          <TaskFormFields
            form="edit-task"
            errors={form.errors}
            members={members}
            initial={formValuesOfTask(task)}
          />
        </div>
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={update.isPending} aria-busy={update.isPending}>
            {update.isPending ? 'Saving…' : 'Save task'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
