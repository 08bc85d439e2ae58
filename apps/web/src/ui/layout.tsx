import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { rateLimits } from '../api.ts';
import { LogOutButton } from '../session/log-out-button.tsx';
import { useSession } from '../session/use-session.ts';
import { NavLink } from './nav-link.tsx';
import { RateLimitStatus } from './rate-limit-status.tsx';

/** Every page's frame: skip link, header with navigation and account, main, footer. */
export function Layout({ children }: { children: ReactNode }) {
  const current = useSession();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link href={current ? '/projects' : '/log-in'} className="brand">
          Charter
        </Link>
        {current && (
          <nav aria-label="Main">
            <ul className="nav-list">
              <li>
                <NavLink href="/projects">Projects</NavLink>
              </li>
              <li>
                <NavLink href="/settings">Developer settings</NavLink>
              </li>
            </ul>
          </nav>
        )}
        {current && (
          <div className="account">
            <span className="who" title={current.user.email}>
              {current.user.name}
            </span>
            <LogOutButton />
          </div>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        {/* Only near a limit: the full budget is in developer settings, under Usage. */}
        <RateLimitStatus budgets={rateLimits} onlyWhenLow />
        <p>
          <a href="/docs">API documentation</a>
        </p>
      </footer>
    </>
  );
}
