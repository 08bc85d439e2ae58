import { limits, type Member, TaskStatus } from '@charter/contract';
import { viewerTimeZone } from '../dates/date-time.ts';
import type { FormErrors } from '../forms/field-errors.ts';
import { Field } from '../ui/field.tsx';
import type { TaskFormValues } from './task-form-values.ts';

export const statusNames: Record<TaskStatus, string> = {
  todo: 'To do',
  in_progress: 'In progress',
  done: 'Done',
};

interface TaskFormFieldsProps {
  form: string;
  errors: FormErrors;
  members: readonly Member[];
  initial?: TaskFormValues;
}

/** The fields of a task, shared by the new-task form and the edit dialog. */
export function TaskFormFields({ form, errors, members, initial }: TaskFormFieldsProps) {
  return (
    <>
      <Field form={form} name="title" label="Title" errors={errors.fields.title} className="wide">
        {(control) => (
          <input
            {...control}
            type="text"
            required
            maxLength={limits.taskTitleMaxLength}
            defaultValue={initial?.title}
          />
        )}
      </Field>
      <Field
        form={form}
        name="description"
        label="Description (optional)"
        errors={errors.fields.description}
        className="wide"
      >
        {(control) => <textarea {...control} rows={2} defaultValue={initial?.description} />}
      </Field>
      <Field form={form} name="status" label="Status" errors={errors.fields.status}>
        {(control) => (
          <select {...control} defaultValue={initial?.status ?? 'todo'}>
            {TaskStatus.options.map((status) => (
              <option key={status} value={status}>
                {statusNames[status]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        form={form}
        name="due"
        label="Due (optional)"
        hint={`Your time zone: ${viewerTimeZone()}`}
        errors={errors.fields.due}
      >
        {(control) => <input {...control} type="datetime-local" defaultValue={initial?.due} />}
      </Field>
      <Field
        form={form}
        name="labels"
        label="Labels (optional)"
        hint="Separated by commas, e.g. press, writing"
        errors={errors.fields.labels}
      >
        {(control) => <input {...control} type="text" defaultValue={initial?.labels} />}
      </Field>
      <Field form={form} name="assigneeId" label="Assignee" errors={errors.fields.assigneeId}>
        {(control) => (
          <select {...control} defaultValue={initial?.assigneeId ?? ''}>
            <option value="">Nobody</option>
            {members.map((member) => (
              <option key={member.userId} value={member.userId}>
                {member.name}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}
