import { limits, type Project, UpdateProjectInput } from '@charter/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useLocation } from 'wouter';
import { trpc } from '../api.ts';
import { useFormErrors } from '../forms/use-form-errors.ts';
import { useAnnounce } from '../ui/announcer.tsx';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { Field } from '../ui/field.tsx';
import { FormSummary } from '../ui/form-summary.tsx';
import { PageHeading } from '../ui/page-heading.tsx';
import { canManage } from './role-badge.tsx';

const fields = ['name', 'description'];

/** Rename a project or change its description (owners, admins); delete it (owner). */
export function ProjectSettingsPanel({ project }: { project: Project }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const [, navigate] = useLocation();
  const form = useFormErrors({ fields });
  const [confirming, setConfirming] = useState(false);

  const update = useMutation(
    trpc.projects.update.mutationOptions({
      onSuccess: async (updated) => {
        queryClient.setQueryData(trpc.projects.get.queryKey({ id: updated.id }), updated);
        await queryClient.invalidateQueries(trpc.projects.list.pathFilter());
        announce('Project saved.');
      },
      onError: (error) => form.fromServer(error),
    }),
  );
  const remove = useMutation(
    trpc.projects.delete.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        queryClient.removeQueries(trpc.projects.get.queryFilter({ id: project.id }));
        await queryClient.invalidateQueries(trpc.projects.list.pathFilter());
        announce(`Project ${project.name} deleted.`);
        navigate('/projects');
      },
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const name = String(data.get('name') ?? '');
    const description = String(data.get('description') ?? '');
    // Only what changed is sent; an emptied description is cleared with null.
    const input = form.check(UpdateProjectInput, {
      id: project.id,
      ...(name !== project.name ? { name } : {}),
      ...(description !== (project.description ?? '')
        ? { description: description.trim() ? description : null }
        : {}),
    });
    if (input) update.mutate(input);
  }

  const manager = canManage(project.role);
  return (
    <section className="stack" aria-labelledby="project-settings-heading">
      <PageHeading title={`Settings · ${project.name}`} level={2}>
        <span id="project-settings-heading">Settings</span>
      </PageHeading>
      {manager ? (
        <form ref={form.formRef} onSubmit={submit} noValidate className="card stack">
          <FormSummary ref={form.summaryRef} errors={form.errors} error={update.error} />
          <Field form="project" name="name" label="Project name" errors={form.errors.fields.name}>
            {(control) => (
              <input
                {...control}
                type="text"
                defaultValue={project.name}
                maxLength={limits.projectNameMaxLength}
              />
            )}
          </Field>
          <Field
            form="project"
            name="description"
            label="Description"
            errors={form.errors.fields.description}
          >
            {(control) => <textarea {...control} rows={3} defaultValue={project.description ?? ''} />}
          </Field>
          <button type="submit" className="primary" disabled={update.isPending} aria-busy={update.isPending}>
            {update.isPending ? 'Saving…' : 'Save changes'}
          </button>
        </form>
      ) : (
        <p>Only the project’s owner and admins can rename it.</p>
      )}

      {project.role === 'owner' && (
        <section className="card danger-zone stack" aria-labelledby="delete-project-heading">
          <h3 id="delete-project-heading">Delete this project</h3>
          <p>Deleting the project deletes all of its tasks, for every member. It cannot be undone.</p>
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            Delete project
          </button>
        </section>
      )}
      <ConfirmDialog
        open={confirming}
        title={`Delete “${project.name}”?`}
        confirmLabel="Delete project"
        busy={remove.isPending}
        error={remove.error}
        onCancel={() => setConfirming(false)}
        onConfirm={() => remove.mutate({ id: project.id })}
      >
        <p>The project and all of its tasks will be deleted for every member.</p>
      </ConfirmDialog>
    </section>
  );
}
