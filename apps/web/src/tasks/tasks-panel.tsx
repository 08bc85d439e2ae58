import { ListTasksInput, type Project, type Task } from '@charter/contract';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { trpc } from '../api.ts';
import { viewerTimeZone } from '../dates/date-time.ts';
import { formErrorsOf, noErrors } from '../forms/field-errors.ts';
import { canEditTasks } from '../projects/role-badge.tsx';
import { useAnnounce } from '../ui/announcer.tsx';
import { ApiError } from '../ui/api-error.tsx';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { NarrowDisclosure } from '../ui/narrow-disclosure.tsx';
import { PageHeading } from '../ui/page-heading.tsx';
import { Empty, Loading } from '../ui/states.tsx';
import { useNow } from '../ui/use-now.ts';
import { EditTaskDialog } from './edit-task-dialog.tsx';
import { NewTaskForm } from './new-task-form.tsx';
import {
  activeFilterCount,
  defaultFilters,
  filtersFromSearch,
  hasActiveFilters,
  listInputOf,
  searchFromFilters,
  type TaskFilters,
} from './task-filters.ts';
import { TaskFiltersForm } from './task-filters-form.tsx';
import { TaskItem } from './task-item.tsx';
import { type LiveStatus, useTaskChanges } from './use-task-changes.ts';

const liveText: Record<LiveStatus, string> = {
  connecting: 'Connecting to live updates…',
  live: 'Live: changes by others appear as they happen',
  reconnecting: 'Reconnecting to live updates…',
  stopped: 'Live updates stopped',
};

/** A project's tasks: live, filtered, sorted and paged, with forms to add and edit them. */
export function TasksPanel({ project }: { project: Project }) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const search = useSearch();
  const [location, navigate] = useLocation();
  const filters = useMemo(() => filtersFromSearch(new URLSearchParams(search)), [search]);
  const setFilters = (next: TaskFilters) => {
    const query = searchFromFilters(next);
    navigate(`${location}${query ? `?${query}` : ''}`, { replace: true });
  };

  // The filters are checked by the contract schema before they are sent, like any form.
  const parsed = ListTasksInput.safeParse(listInputOf(project.id, filters));
  const filterErrors = parsed.success
    ? noErrors
    : formErrorsOf(parsed.error.issues, { fields: ['label', 'dueFrom', 'dueBefore'] });
  const input = listInputOf(project.id, parsed.success ? filters : defaultFilters);

  const tasks = useInfiniteQuery(
    trpc.tasks.list.infiniteQueryOptions(input, { getNextPageParam: (page) => page.nextCursor }),
  );
  const members = useQuery(trpc.projects.members.list.queryOptions({ projectId: project.id }));
  const memberList = members.data ?? [];
  const memberMap = useMemo(
    () => new Map((members.data ?? []).map((member) => [member.userId, member])),
    [members.data],
  );
  const live = useTaskChanges(project.id);
  const now = useNow(true, 60_000);

  const [editing, setEditing] = useState<Task | null>(null);
  const [deleting, setDeleting] = useState<Task | null>(null);
  const lists = trpc.tasks.list.infiniteQueryFilter({ projectId: project.id });
  const setStatus = useMutation(
    trpc.tasks.update.mutationOptions({
      onSuccess: async (task) => {
        announce(`${task.title} moved to ${task.status.replace('_', ' ')}.`);
        await queryClient.invalidateQueries(lists);
      },
    }),
  );
  const remove = useMutation(
    trpc.tasks.delete.mutationOptions({
      onSuccess: async () => {
        announce(`Task ${deleting?.title ?? ''} deleted.`);
        setDeleting(null);
        await queryClient.invalidateQueries(lists);
      },
    }),
  );

  const items = tasks.data?.pages.flatMap((page) => page.items) ?? [];
  // After loading more, focus goes to the first task loaded, where reading continues.
  const [focusTask, setFocusTask] = useState<string | null>(null);
  const loadMore = async () => {
    const result = await tasks.fetchNextPage();
    setFocusTask(result.data?.pages.at(-1)?.items[0]?.id ?? null);
  };
  useEffect(() => {
    if (!focusTask) return;
    const article = document.getElementById(`task-${focusTask}`)?.closest('article');
    if (article) {
      article.focus();
      setFocusTask(null);
    }
  }, [focusTask, items]);
  const editable = canEditTasks(project.role);
  const filtered = hasActiveFilters(filters);

  return (
    <section className="stack" aria-labelledby="tasks-heading">
      <div className="title-row">
        <PageHeading title={`Tasks · ${project.name}`} level={2}>
          <span id="tasks-heading">Tasks</span>
        </PageHeading>
        <p className={`live live-${live}`} role="status">
          <span className="live-dot" aria-hidden="true" />
          {liveText[live]}
        </p>
      </div>
      {editable && (
        <NarrowDisclosure summary="New task">
          <NewTaskForm projectId={project.id} members={memberList} />
        </NarrowDisclosure>
      )}
      <NarrowDisclosure
        summary={`Filter and sort${filtered ? ` (${activeFilterCount(filters)} active)` : ''}`}
      >
        <TaskFiltersForm filters={filters} members={memberList} errors={filterErrors} onChange={setFilters} />
      </NarrowDisclosure>
      <p className="muted">Due dates are shown in your time zone, {viewerTimeZone()}.</p>
      {setStatus.error ? <ApiError error={setStatus.error} context="Could not change the status." /> : null}

      {tasks.isPending ? (
        <Loading>Loading tasks…</Loading>
      ) : tasks.isError && items.length === 0 ? (
        <ApiError error={tasks.error} context="Could not load the tasks." onRetry={() => tasks.refetch()} />
      ) : items.length === 0 ? (
        filtered ? (
          <Empty title="No tasks match these filters">
            <button
              type="button"
              onClick={() => setFilters({ ...defaultFilters, sort: filters.sort, order: filters.order })}
            >
              Clear filters
            </button>
          </Empty>
        ) : (
          <Empty title="No tasks yet">
            <p>
              {editable
                ? 'Add the first one with “New task” above; everyone in the project sees it at once.'
                : 'Tasks the project’s members add appear here as they happen.'}
            </p>
          </Empty>
        )
      ) : (
        <>
          {tasks.isError && (
            <ApiError
              error={tasks.error}
              context="Could not refresh the tasks."
              onRetry={() => tasks.refetch()}
            />
          )}
          <p className="muted" aria-live="polite">
            Showing {items.length} {items.length === 1 ? 'task' : 'tasks'}
            {tasks.hasNextPage ? '; more below' : ''}.
          </p>
          <ul className="task-list" aria-label="Tasks" aria-busy={tasks.isFetching}>
            {items.map((task) => (
              <TaskItem
                key={task.id}
                task={task}
                members={memberMap}
                editable={editable}
                now={now}
                busy={setStatus.isPending && setStatus.variables?.id === task.id}
                onStatus={(status) => setStatus.mutate({ id: task.id, status })}
                onEdit={() => setEditing(task)}
                onDelete={() => setDeleting(task)}
              />
            ))}
          </ul>
          {tasks.hasNextPage && (
            <button type="button" onClick={loadMore} disabled={tasks.isFetchingNextPage}>
              {tasks.isFetchingNextPage ? 'Loading…' : 'Load more tasks'}
            </button>
          )}
        </>
      )}
      {editing && <EditTaskDialog task={editing} members={memberList} onClose={() => setEditing(null)} />}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting?.title ?? ''}”?`}
        confirmLabel="Delete task"
        busy={remove.isPending}
        error={remove.error}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
      >
        <p>The task is deleted for everyone in the project.</p>
      </ConfirmDialog>
    </section>
  );
}
