import { limits } from '@charter/contract';
import * as z from 'zod';

/**
 * Where a page ended: the sort it was made with and the last item's sort key and id. The next page
 * starts strictly after (key, id), so items never repeat or go missing between pages even when
 * keys tie. Opaque to callers (base64url JSON); tampering with it only moves within what the caller
 * may see anyway.
 */
export interface Cursor {
  sort: string;
  order: 'asc' | 'desc';
  /** The sort key of the last item: an ISO instant, a title, or null for "no due date". */
  key: string | null;
  id: string;
}

const CursorJson = z.strictObject({
  s: z.string().max(32),
  o: z.enum(['asc', 'desc']),
  // The longest sort key is a task title; PostgreSQL refuses NUL in text, so a forged one is refused here.
  k: z
    .string()
    .max(limits.taskTitleMaxLength)
    .refine((key) => !key.includes('\0'))
    .nullable(),
  i: z.uuid(),
});

export function encodeCursor(cursor: Cursor): string {
  const json = JSON.stringify({ s: cursor.sort, o: cursor.order, k: cursor.key, i: cursor.id });
  return Buffer.from(json).toString('base64url');
}

/**
 * Reads a cursor made for the same sort and order; anything else is `undefined`, which callers
 * report as INVALID_CURSOR.
 */
export function decodeCursor(
  raw: string,
  expected: { sort: string; order: 'asc' | 'desc' },
): Cursor | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = CursorJson.safeParse(json);
  if (!parsed.success || parsed.data.s !== expected.sort || parsed.data.o !== expected.order)
    return undefined;
  return { sort: parsed.data.s, order: parsed.data.o, key: parsed.data.k, id: parsed.data.i };
}

/** A sort key that is an instant must be one; checked before it reaches SQL. */
export function isInstant(key: string | null): boolean {
  if (key === null) return false;
  const date = new Date(key);
  return !Number.isNaN(date.getTime()) && date.toISOString() === key;
}
