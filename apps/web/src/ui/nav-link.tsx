import type { ReactNode } from 'react';
import { Link, useRoute } from 'wouter';

interface NavLinkProps {
  href: string;
  children: ReactNode;
  /** Active only on this exact path, not on the pages under it. */
  exact?: boolean;
}

/** A navigation link that says when it is the current page (`aria-current="page"`). */
export function NavLink({ href, children, exact = false }: NavLinkProps) {
  const [active] = useRoute(exact ? href : `${href}/*?`);
  return (
    <Link
      href={href}
      className={active ? 'nav-link active' : 'nav-link'}
      aria-current={active ? 'page' : undefined}
    >
      {children}
    </Link>
  );
}
