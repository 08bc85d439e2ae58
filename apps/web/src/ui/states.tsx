import { type ReactNode, useEffect, useState } from 'react';

/** A load quicker than this shows no spinner at all: a spinner flashed for an instant reads as a glitch. */
export const loadingDelayMs = 200;

/**
 * Shown while data loads, once it has taken longer than `loadingDelayMs`; announced politely. The
 * empty live region is there from the start, so its filling in is what screen readers announce.
 */
export function Loading({ children = 'Loading…' }: { children?: ReactNode }) {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSlow(true), loadingDelayMs);
    return () => clearTimeout(timer);
  }, []);
  return (
    <p className="loading" role="status">
      {slow && (
        <>
          <span className="spinner" aria-hidden="true" />
          {children}
        </>
      )}
    </p>
  );
}

/** Shown when a list has nothing in it, with what to do about it. */
export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children}
    </div>
  );
}
