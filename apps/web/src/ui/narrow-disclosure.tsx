import { type ReactNode, useState } from 'react';
import { useMediaQuery } from './use-media-query.ts';

/** Phones: below this width, what is folded away leaves the screen to the content that matters. */
export const narrowScreen = '(max-width: 40rem)';

interface NarrowDisclosureProps {
  /** What the fold is called on a narrow screen: "New task", "Filter and sort (2 active)". */
  summary: ReactNode;
  children: ReactNode;
}

/**
 * Shown as it is on a wide screen; folded behind its summary on a narrow one, so a phone reaches the
 * list below without scrolling past it. Always the same element, so a half-filled form survives a
 * phone being turned.
 */
export function NarrowDisclosure({ summary, children }: NarrowDisclosureProps) {
  const narrow = useMediaQuery(narrowScreen);
  const [open, setOpen] = useState(false);
  return (
    <details
      className={narrow ? 'narrow-disclosure folded' : 'narrow-disclosure'}
      open={!narrow || open}
      onToggle={(event) => {
        if (narrow) setOpen(event.currentTarget.open);
      }}
    >
      <summary>{summary}</summary>
      {children}
    </details>
  );
}
