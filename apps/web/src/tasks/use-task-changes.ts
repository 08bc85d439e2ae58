import type { RouterOutputs } from '@charter/client';
import type { TaskChange } from '@charter/contract';
import { type InfiniteData, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useRef, useState } from 'react';
import { trpc } from '../api.ts';
import { errorCodeOf } from '../ui/api-errors.ts';
import { refreshQueries } from '../ui/refresh-queries.ts';
import { applyTaskChange } from './task-cache.ts';

type TaskPages = InfiniteData<RouterOutputs['tasks']['list'], string | null>;

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'stopped';

// Refusals that another attempt will not change.
const final = new Set(['NOT_FOUND', 'FORBIDDEN', 'VALIDATION_FAILED']);

/**
 * Follows a project's task changes (`tasks.onChange`, server-sent events) and keeps every loaded
 * task list of the project current: a change made in another tab, by another member or through
 * the API shows without a reload. A stream that ends (its access token expired, the network
 * dropped) is opened again, and what changed meanwhile is fetched.
 */
export function useTaskChanges(projectId: string, onChange?: (change: TaskChange) => void): LiveStatus {
  const queryClient = useQueryClient();
  const [attempt, setAttempt] = useState(0);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const lists = trpc.tasks.list.infiniteQueryFilter({ projectId });

  const subscription = useSubscription(
    trpc.tasks.onChange.subscriptionOptions(
      { projectId },
      {
        onStarted: () => {
          // Whatever changed before the stream opened (or while it was down) is fetched now.
          void refreshQueries(queryClient, lists);
        },
        onData: (change) => {
          queryClient.setQueriesData<TaskPages>(lists, (data) => applyTaskChange(data, change));
          void refreshQueries(queryClient, lists);
          onChangeRef.current?.(change);
        },
      },
    ),
  );

  const { status, error, reset } = subscription;
  const stopped = status === 'error' && final.has(errorCodeOf(error) ?? '');
  useEffect(() => {
    if (status === 'pending') setAttempt(0);
  }, [status]);
  useEffect(() => {
    // `idle` here means the server closed the stream without an error: open it again too.
    if ((status !== 'error' && status !== 'idle') || stopped) return;
    // Back off: 1 s, 2 s, 4 s … up to 30 s. An expired token is renewed on the way (see api.ts).
    const timer = setTimeout(
      () => {
        setAttempt((count) => count + 1);
        reset();
      },
      Math.min(30_000, 1_000 * 2 ** attempt),
    );
    return () => clearTimeout(timer);
  }, [status, stopped, attempt, reset]);

  if (stopped) return 'stopped';
  if (status === 'pending') return 'live';
  if (status === 'error' || status === 'idle' || attempt > 0) return 'reconnecting';
  return 'connecting';
}
