import type { ReactNode } from 'react';
import { Redirect, useLocation, useSearch } from 'wouter';
import { useSession } from './use-session.ts';

/** Renders its children for a signed-in user; sends anyone else to log in, and back here after. */
export function RequireSession({ children }: { children: ReactNode }) {
  const current = useSession();
  const [location] = useLocation();
  const search = useSearch();
  if (!current) {
    const next = `${location}${search ? `?${search}` : ''}`;
    return <Redirect to={`/log-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return children;
}
