import { type Member, TaskSort, TaskStatus } from '@charter/contract';
import { type FormEvent, useEffect, useState } from 'react';
import { fromDateTimeLocal, toDateTimeLocal } from '../dates/date-time.ts';
import type { FormErrors } from '../forms/field-errors.ts';
import { Field } from '../ui/field.tsx';
import { defaultFilters, hasActiveFilters, type TaskFilters } from './task-filters.ts';
import { statusNames } from './task-form-fields.tsx';

const sortNames: Record<TaskSort, string> = {
  createdAt: 'Created',
  updatedAt: 'Last changed',
  dueDate: 'Due date',
  title: 'Title',
};

interface TaskFiltersFormProps {
  filters: TaskFilters;
  members: readonly Member[];
  errors: FormErrors;
  onChange: (filters: TaskFilters) => void;
}

/** What the typed filters hold while they are being typed: due bounds as local wall time. */
interface Draft {
  label: string;
  dueFrom: string;
  dueBefore: string;
}

const draftOf = (filters: TaskFilters): Draft => ({
  label: filters.label,
  dueFrom: filters.dueFrom ? toDateTimeLocal(new Date(filters.dueFrom)) : '',
  dueBefore: filters.dueBefore ? toDateTimeLocal(new Date(filters.dueBefore)) : '',
});

/**
 * Filters and order of the task list. Choices (status, assignee, sort) apply at once; typed ones
 * (label, due range) with Enter or "Apply".
 */
export function TaskFiltersForm({ filters, members, errors, onChange }: TaskFiltersFormProps) {
  const [draft, setDraft] = useState(() => draftOf(filters));
  // The URL is the truth: follow it when it changes (back button, "Clear filters").
  useEffect(() => setDraft(draftOf(filters)), [filters]);

  const withDraft = (next: Partial<TaskFilters>): TaskFilters => ({
    ...filters,
    label: draft.label,
    dueFrom: fromDateTimeLocal(draft.dueFrom)?.toISOString() ?? '',
    dueBefore: fromDateTimeLocal(draft.dueBefore)?.toISOString() ?? '',
    ...next,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange(withDraft({}));
  };
  const toggleStatus = (status: TaskStatus, on: boolean) =>
    onChange(
      withDraft({
        status: TaskStatus.options.filter((s) => (s === status ? on : filters.status.includes(s))),
      }),
    );

  return (
    <search className="filters card">
      <form onSubmit={submit} aria-label="Filter and sort tasks">
        <fieldset className="choice-group">
          <legend>Status</legend>
          <div className="choices">
            {TaskStatus.options.map((status) => (
              <label key={status} className="choice">
                <input
                  type="checkbox"
                  name="status"
                  value={status}
                  checked={filters.status.includes(status)}
                  onChange={(event) => toggleStatus(status, event.target.checked)}
                />
                {statusNames[status]}
              </label>
            ))}
          </div>
        </fieldset>
        <Field form="filters" name="assignee" label="Assignee">
          {(control) => (
            <select
              {...control}
              value={filters.assignee}
              onChange={(event) => onChange(withDraft({ assignee: event.target.value }))}
            >
              <option value="">Anyone</option>
              <option value="none">Nobody</option>
              {members.map((member) => (
                <option key={member.userId} value={member.userId}>
                  {member.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field form="filters" name="label" label="Label" errors={errors.fields.label}>
          {(control) => (
            <input
              {...control}
              type="search"
              value={draft.label}
              onChange={(event) => setDraft({ ...draft, label: event.target.value })}
            />
          )}
        </Field>
        <Field form="filters" name="dueFrom" label="Due from" errors={errors.fields.dueFrom}>
          {(control) => (
            <input
              {...control}
              type="datetime-local"
              value={draft.dueFrom}
              onChange={(event) => setDraft({ ...draft, dueFrom: event.target.value })}
            />
          )}
        </Field>
        <Field form="filters" name="dueBefore" label="Due before" errors={errors.fields.dueBefore}>
          {(control) => (
            <input
              {...control}
              type="datetime-local"
              value={draft.dueBefore}
              onChange={(event) => setDraft({ ...draft, dueBefore: event.target.value })}
            />
          )}
        </Field>
        <Field form="filters" name="sort" label="Sort by">
          {(control) => (
            <select
              {...control}
              value={filters.sort}
              onChange={(event) => onChange(withDraft({ sort: TaskSort.parse(event.target.value) }))}
            >
              {TaskSort.options.map((sort) => (
                <option key={sort} value={sort}>
                  {sortNames[sort]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field form="filters" name="order" label="Order">
          {(control) => (
            <select
              {...control}
              value={filters.order}
              onChange={(event) =>
                onChange(withDraft({ order: event.target.value === 'asc' ? 'asc' : 'desc' }))
              }
            >
              <option value="asc">Ascending</option>
              <option value="desc">Descending</option>
            </select>
          )}
        </Field>
        <div className="filter-actions">
          <button type="submit">Apply filters</button>
          {hasActiveFilters(filters) && (
            <button
              type="button"
              onClick={() => onChange({ ...defaultFilters, sort: filters.sort, order: filters.order })}
            >
              Clear filters
            </button>
          )}
        </div>
      </form>
    </search>
  );
}
