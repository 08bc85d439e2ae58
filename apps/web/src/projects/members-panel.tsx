import { AddMemberInput, AssignableRole, type Member, type Project } from '@charter/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { trpc } from '../api.ts';
import { useFormErrors } from '../forms/use-form-errors.ts';
import { useSession } from '../session/use-session.ts';
import { useAnnounce } from '../ui/announcer.tsx';
import { ApiError } from '../ui/api-error.tsx';
import { errorCodeOf } from '../ui/api-errors.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { Field } from '../ui/field.tsx';
import { FormSummary } from '../ui/form-summary.tsx';
import { LocalTime } from '../ui/local-time.tsx';
import { PageHeading } from '../ui/page-heading.tsx';
import { Loading } from '../ui/states.tsx';
import { canManage, RoleBadge, roleNames } from './role-badge.tsx';

const fields = ['email', 'role'];
// Refusals the server explains about the email given: shown under the email field.
const emailCodes = new Set(['USER_NOT_FOUND', 'ALREADY_A_MEMBER']);

/** Who is in the project, with what role; owners and admins add, re-role and remove members. */
export function MembersPanel({ project }: { project: Project }) {
  const me = useSession();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const form = useFormErrors({ fields });
  const [removing, setRemoving] = useState<Member | null>(null);
  const members = useQuery(trpc.projects.members.list.queryOptions({ projectId: project.id }));
  const refresh = () =>
    queryClient.invalidateQueries(trpc.projects.members.list.queryFilter({ projectId: project.id }));

  const add = useMutation(
    trpc.projects.members.add.mutationOptions({
      onSuccess: async (member) => {
        await refresh();
        form.formRef.current?.reset();
        announce(`${member.name} added as ${roleNames[member.role].toLowerCase()}.`);
      },
      onError: (error) => {
        const code = errorCodeOf(error);
        if (code && emailCodes.has(code)) form.onField('email', error.message);
        else form.fromServer(error);
      },
    }),
  );
  const updateRole = useMutation(
    trpc.projects.members.updateRole.mutationOptions({
      onSuccess: async (member) => {
        await refresh();
        announce(`${member.name} is now ${roleNames[member.role].toLowerCase()}.`);
      },
    }),
  );
  const remove = useMutation(
    trpc.projects.members.remove.mutationOptions({
      onSuccess: async () => {
        const name = removing?.name ?? 'The member';
        setRemoving(null);
        await refresh();
        announce(`${name} removed from the project.`);
      },
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const input = form.check(AddMemberInput, {
      projectId: project.id,
      email: data.get('email'),
      role: data.get('role'),
    });
    if (input) add.mutate(input);
  }

  const manager = canManage(project.role);
  return (
    <section className="stack" aria-labelledby="members-heading">
      <PageHeading title={`Members · ${project.name}`} level={2}>
        <span id="members-heading">Members</span>
      </PageHeading>
      {members.isPending ? (
        <Loading>Loading members…</Loading>
      ) : members.isError ? (
        <ApiError
          error={members.error}
          context="Could not load the members."
          onRetry={() => members.refetch()}
        />
      ) : (
        <table className="table">
          <caption className="visually-hidden">Members of {project.name}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
              {manager && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {members.data.map((member) => (
              <tr key={member.userId}>
                <th scope="row">
                  {member.name}
                  {member.userId === me?.user.id && <span className="muted"> (you)</span>}
                </th>
                <td>{member.email}</td>
                <td>
                  {manager && member.role !== 'owner' ? (
                    <select
                      aria-label={`Role of ${member.name}`}
                      value={member.role}
                      disabled={updateRole.isPending}
                      onChange={(event) =>
                        updateRole.mutate({
                          projectId: project.id,
                          userId: member.userId,
                          role: AssignableRole.parse(event.target.value),
                        })
                      }
                    >
                      {AssignableRole.options.map((role) => (
                        <option key={role} value={role}>
                          {roleNames[role]}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <RoleBadge role={member.role} />
                  )}
                </td>
                <td>
                  <LocalTime value={member.joinedAt} />
                </td>
                {manager && (
                  <td>
                    {member.role !== 'owner' && (
                      <button type="button" className="danger small" onClick={() => setRemoving(member)}>
                        Remove<span className="visually-hidden"> {member.name}</span>
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {updateRole.error ? <ApiError error={updateRole.error} context="Could not change the role." /> : null}

      {manager ? (
        <form
          ref={form.formRef}
          onSubmit={submit}
          noValidate
          className="card stack"
          aria-labelledby="add-member-heading"
        >
          <h3 id="add-member-heading">Add a member</h3>
          <p className="muted">They need a Charter account already.</p>
          <FormSummary
            ref={form.summaryRef}
            errors={form.errors}
            error={emailCodes.has(errorCodeOf(add.error) ?? '') ? undefined : add.error}
          />
          <div className="inline-fields">
            <Field form="add-member" name="email" label="Email" errors={form.errors.fields.email}>
              {(control) => <input {...control} type="email" autoComplete="off" required />}
            </Field>
            <Field form="add-member" name="role" label="Role" errors={form.errors.fields.role}>
              {(control) => (
                <select {...control} defaultValue="member">
                  {AssignableRole.options.map((role) => (
                    <option key={role} value={role}>
                      {roleNames[role]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <button type="submit" className="primary" disabled={add.isPending} aria-busy={add.isPending}>
            {add.isPending ? 'Adding…' : 'Add member'}
          </button>
        </form>
      ) : (
        <p className="muted">Only the project’s owner and admins can add members or change roles.</p>
      )}
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.name ?? 'member'}?`}
        confirmLabel="Remove member"
        busy={remove.isPending}
        error={remove.error}
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate({ projectId: project.id, userId: removing.userId })}
      >
        <p>They lose access to the project; their tasks become unassigned.</p>
      </ConfirmDialog>
    </section>
  );
}
