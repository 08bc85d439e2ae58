import { type ReactNode, useEffect, useRef } from 'react';

interface PageHeadingProps {
  children: ReactNode;
  /** The document title, before " · Charter". */
  title: string;
  level?: 1 | 2;
  /** Move focus here on arrival, so keyboard and screen-reader users start at the new content. */
  focus?: boolean;
}

/** A page's heading: names the tab (document.title) and takes focus after navigation. */
export function PageHeading({ children, title, level = 1, focus = true }: PageHeadingProps) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Charter`;
  }, [title]);
  useEffect(() => {
    if (focus) ref.current?.focus({ preventScroll: false });
  }, [focus]);
  const Tag = level === 1 ? 'h1' : 'h2';
  return (
    <Tag ref={ref} tabIndex={-1} className="page-heading">
      {children}
    </Tag>
  );
}
