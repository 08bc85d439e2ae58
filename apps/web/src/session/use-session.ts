import { useSyncExternalStore } from 'react';
import { session } from '../api.ts';
import type { StoredSession } from './stored-session.ts';

/** The signed-in user's session, or null; re-renders when it changes, in this tab or another. */
export function useSession(): StoredSession | null {
  return useSyncExternalStore(session.subscribe, session.current);
}
