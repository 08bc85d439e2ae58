import { type Member, type Task, TaskStatus } from '@charter/contract';
import { LocalTime } from '../ui/local-time.tsx';
import { statusNames } from './task-form-fields.tsx';

interface TaskItemProps {
  task: Task;
  members: ReadonlyMap<string, Member>;
  editable: boolean;
  now: number;
  busy: boolean;
  onStatus: (status: TaskStatus) => void;
  onEdit: () => void;
  onDelete: () => void;
}

/** One task in the list: title, status, due date in the viewer's time zone, labels, assignee. */
export function TaskItem({ task, members, editable, now, busy, onStatus, onEdit, onDelete }: TaskItemProps) {
  const assignee = task.assigneeId ? members.get(task.assigneeId) : undefined;
  const overdue = task.dueDate !== null && task.status !== 'done' && task.dueDate.getTime() < now;
  const headingId = `task-${task.id}`;
  return (
    <li className={`task status-${task.status}`}>
      <article aria-labelledby={headingId} tabIndex={-1}>
        <div className="task-main">
          <h3 id={headingId} className="task-title">
            {task.title}
          </h3>
          <dl className="task-facts">
            <div>
              <dt>Status</dt>
              <dd>
                {editable ? (
                  <select
                    aria-label={`Status of ${task.title}`}
                    value={task.status}
                    disabled={busy}
                    onChange={(event) => onStatus(TaskStatus.parse(event.target.value))}
                  >
                    {TaskStatus.options.map((status) => (
                      <option key={status} value={status}>
                        {statusNames[status]}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span className={`badge status-badge-${task.status}`}>{statusNames[task.status]}</span>
                )}
              </dd>
            </div>
            <div>
              <dt>Due</dt>
              <dd className="task-due">
                {task.dueDate ? (
                  <LocalTime value={task.dueDate} />
                ) : (
                  <span className="muted">No due date</span>
                )}
                {overdue && <span className="badge overdue">Overdue</span>}
              </dd>
            </div>
            <div>
              <dt>Assignee</dt>
              <dd>{assignee ? assignee.name : <span className="muted">Nobody</span>}</dd>
            </div>
            {task.labels.length > 0 && (
              <div>
                <dt>Labels</dt>
                <dd>
                  <ul className="labels">
                    {task.labels.map((label) => (
                      <li key={label} className="label">
                        {label}
                      </li>
                    ))}
                  </ul>
                </dd>
              </div>
            )}
          </dl>
          {task.description && <p className="task-description">{task.description}</p>}
        </div>
        {editable && (
          <div className="task-actions">
            <button type="button" className="small" onClick={onEdit}>
              Edit<span className="visually-hidden"> {task.title}</span>
            </button>
            <button type="button" className="small danger" onClick={onDelete}>
              Delete<span className="visually-hidden"> {task.title}</span>
            </button>
          </div>
        )}
      </article>
    </li>
  );
}
