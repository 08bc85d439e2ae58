import { Link, Redirect, Route, Switch } from 'wouter';
import { ProjectPage } from './projects/project-page.tsx';
import { ProjectsPage } from './projects/projects-page.tsx';
import { LogInPage } from './session/log-in-page.tsx';
import { RequireSession } from './session/require-session.tsx';
import { SignUpPage } from './session/sign-up-page.tsx';
import { SettingsPage } from './settings/settings-page.tsx';
import { Layout } from './ui/layout.tsx';
import { PageHeading } from './ui/page-heading.tsx';

/** The app's pages by path. Everything but logging in and signing up needs a session. */
export function App() {
  return (
    <Layout>
      <Switch>
        <Route path="/log-in" component={LogInPage} />
        <Route path="/sign-up" component={SignUpPage} />
        <Route path="/">
          <Redirect to="/projects" replace />
        </Route>
        <Route path="/projects">
          <RequireSession>
            <ProjectsPage />
          </RequireSession>
        </Route>
        <Route path="/projects/:projectId">
          {({ projectId }) => (
            <RequireSession>
              <ProjectPage key={projectId} projectId={projectId} tab="tasks" />
            </RequireSession>
          )}
        </Route>
        <Route path="/projects/:projectId/members">
          {({ projectId }) => (
            <RequireSession>
              <ProjectPage key={projectId} projectId={projectId} tab="members" />
            </RequireSession>
          )}
        </Route>
        <Route path="/projects/:projectId/settings">
          {({ projectId }) => (
            <RequireSession>
              <ProjectPage key={projectId} projectId={projectId} tab="settings" />
            </RequireSession>
          )}
        </Route>
        <Route path="/settings">
          <Redirect to="/settings/api-keys" replace />
        </Route>
        <Route path="/settings/api-keys">
          <RequireSession>
            <SettingsPage tab="api-keys" />
          </RequireSession>
        </Route>
        <Route path="/settings/oauth-apps">
          <RequireSession>
            <SettingsPage tab="oauth-apps" />
          </RequireSession>
        </Route>
        <Route path="/settings/connected-apps">
          <RequireSession>
            <SettingsPage tab="connected-apps" />
          </RequireSession>
        </Route>
        <Route path="/settings/usage">
          <RequireSession>
            <SettingsPage tab="usage" />
          </RequireSession>
        </Route>
        <Route>
          <section className="stack">
            <PageHeading title="Page not found">Page not found</PageHeading>
            <p>There is no page at this address.</p>
            <p>
              <Link href="/projects">Go to your projects</Link>
            </p>
          </section>
        </Route>
      </Switch>
    </Layout>
  );
}
