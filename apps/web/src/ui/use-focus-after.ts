import { type RefObject, useEffect, useRef } from 'react';

/** Focuses `target` when `condition` turns from true to false (a panel closed): focus is never lost. */
export function useFocusWhenDone(condition: boolean, target: RefObject<HTMLElement | null>): void {
  const was = useRef(condition);
  useEffect(() => {
    if (was.current && !condition) target.current?.focus();
    was.current = condition;
  }, [condition, target]);
}
