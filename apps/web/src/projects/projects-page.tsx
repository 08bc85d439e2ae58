import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { trpc } from '../api.ts';
import { ApiError } from '../ui/api-error.tsx';
import { PageHeading } from '../ui/page-heading.tsx';
import { Empty, Loading } from '../ui/states.tsx';
import { CreateProjectForm } from './create-project-form.tsx';
import { RoleBadge } from './role-badge.tsx';

/** The caller's projects, newest first, and a form for a new one. */
export function ProjectsPage() {
  const projects = useInfiniteQuery(
    trpc.projects.list.infiniteQueryOptions({}, { getNextPageParam: (page) => page.nextCursor }),
  );
  const items = projects.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="two-columns">
      <section aria-labelledby="projects-list" className="stack">
        <PageHeading title="Projects">
          <span id="projects-list">Projects</span>
        </PageHeading>
        {projects.isPending ? (
          <Loading>Loading projects…</Loading>
        ) : projects.isError && items.length === 0 ? (
          <ApiError
            error={projects.error}
            context="Could not load your projects."
            onRetry={() => projects.refetch()}
          />
        ) : items.length === 0 ? (
          <Empty title="No projects yet">
            <p>Create your first project with the form on this page.</p>
          </Empty>
        ) : (
          <>
            {projects.isError && (
              <ApiError
                error={projects.error}
                context="Could not refresh your projects."
                onRetry={() => projects.refetch()}
              />
            )}
            <ul className="project-list" aria-busy={projects.isFetching}>
              {items.map((project) => (
                <li key={project.id} className="card">
                  <h3>
                    <Link href={`/projects/${project.id}`}>{project.name}</Link>
                  </h3>
                  <RoleBadge role={project.role} />
                  {project.description && <p className="muted">{project.description}</p>}
                </li>
              ))}
            </ul>
            {projects.hasNextPage && (
              <button
                type="button"
                onClick={() => projects.fetchNextPage()}
                disabled={projects.isFetchingNextPage}
              >
                {projects.isFetchingNextPage ? 'Loading…' : 'Load more projects'}
              </button>
            )}
          </>
        )}
      </section>
      <CreateProjectForm />
    </div>
  );
}
