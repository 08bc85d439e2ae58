import type { Task, TaskChange } from '@charter/contract';

interface TaskPage {
  items: Task[];
  nextCursor: string | null;
}
interface PagedTasks<TPage extends TaskPage = TaskPage> {
  pages: TPage[];
  pageParams: unknown[];
}

/**
 * A live change applied to a loaded task list at once: an edit replaces the task where it is, a
 * deletion removes it. Where a new or edited task now belongs (filters, sort order) is the
 * server's to say, so the list is refetched as well.
 */
export function applyTaskChange<T extends PagedTasks>(
  data: T | undefined,
  change: TaskChange,
): T | undefined {
  if (!data || change.type === 'created') return data;
  const pages = data.pages.map((page) => {
    const items =
      change.type === 'deleted'
        ? page.items.filter((task) => task.id !== change.taskId)
        : page.items.map((task) => (task.id === change.task.id ? change.task : task));
    return items.length === page.items.length && items.every((task, index) => task === page.items[index])
      ? page
      : { ...page, items };
  });
  return pages.every((page, index) => page === data.pages[index]) ? data : { ...data, pages };
}
