import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { trpc } from '../api.ts';
import { TasksPanel } from '../tasks/tasks-panel.tsx';
import { ApiError } from '../ui/api-error.tsx';
import { errorCodeOf } from '../ui/api-errors.ts';
import { NavLink } from '../ui/nav-link.tsx';
import { PageHeading } from '../ui/page-heading.tsx';
import { Loading } from '../ui/states.tsx';
import { MembersPanel } from './members-panel.tsx';
import { ProjectSettingsPanel } from './project-settings-panel.tsx';
import { RoleBadge } from './role-badge.tsx';

export type ProjectTab = 'tasks' | 'members' | 'settings';

/** One project: its name and the caller's role, then its tasks, members or settings. */
export function ProjectPage({ projectId, tab }: { projectId: string; tab: ProjectTab }) {
  const project = useQuery(trpc.projects.get.queryOptions({ id: projectId }));

  if (project.isPending) return <Loading>Loading the project…</Loading>;
  if (project.isError) {
    const code = errorCodeOf(project.error);
    if (code === 'NOT_FOUND' || code === 'VALIDATION_FAILED') {
      return (
        <section className="stack">
          <PageHeading title="Project not found">Project not found</PageHeading>
          <p>This project does not exist, was deleted, or you are not one of its members.</p>
          <p>
            <Link href="/projects">Back to your projects</Link>
          </p>
        </section>
      );
    }
    return (
      <section className="stack">
        <PageHeading title="Project">Project</PageHeading>
        <ApiError
          error={project.error}
          context="Could not load the project."
          onRetry={() => project.refetch()}
        />
      </section>
    );
  }

  const { name, description, role } = project.data;
  const base = `/projects/${projectId}`;
  return (
    <div className="stack">
      <header className="project-header">
        <nav aria-label="Breadcrumb" className="breadcrumb">
          <Link href="/projects">Projects</Link>
        </nav>
        <div className="title-row">
          <PageHeading title={name} focus={false}>
            {name}
          </PageHeading>
          <RoleBadge role={role} />
        </div>
        {description && <p className="muted">{description}</p>}
      </header>
      <nav aria-label="Project" className="tabs">
        <NavLink href={base} exact>
          Tasks
        </NavLink>
        <NavLink href={`${base}/members`}>Members</NavLink>
        <NavLink href={`${base}/settings`}>Settings</NavLink>
      </nav>
      {tab === 'tasks' && <TasksPanel project={project.data} />}
      {tab === 'members' && <MembersPanel project={project.data} />}
      {tab === 'settings' && <ProjectSettingsPanel project={project.data} />}
    </div>
  );
}
