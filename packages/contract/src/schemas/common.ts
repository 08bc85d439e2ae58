import * as z from 'zod';
import { limits } from '../limits.ts';

export const Id = z.uuid().describe('A UUID.');

// PostgreSQL cannot store NUL, and no other control character belongs in a name or a title.
const singleLine = /^[^\p{Cc}]*$/u;
const multiLine = /^(?:[^\p{Cc}]|[\t\n\r])*$/u;

/** A trimmed, non-empty, one-line string of at most `max` characters. */
export function line(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(singleLine, { error: 'Control characters are not allowed.' });
}

/** Free text of at most `max` characters: tabs and line breaks allowed, other control characters not. */
export function text(max: number) {
  return z
    .string()
    .max(max)
    .regex(multiLine, { error: 'Control characters other than tabs and line breaks are not allowed.' });
}

/** A point in time both databases store exactly: years 1 to 9999. */
export const Instant = z
  .date()
  .min(new Date(limits.instantMin), { error: `Must be at or after ${limits.instantMin}.` })
  .max(new Date(limits.instantMax), { error: `Must be at or before ${limits.instantMax}.` });

/** Trims, lowercases, then checks the address, so `Ada@Example.com ` and `ada@example.com` are one account. */
export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(limits.emailMaxLength)
  .check(z.email())
  .describe('An email address; compared without case.');

export const PageSize = z
  .number()
  .int()
  .min(1)
  .max(limits.pageSizeMax)
  .default(limits.pageSizeDefault)
  .describe(`How many items to return, 1 to ${limits.pageSizeMax}.`);

export const Cursor = z
  .string()
  .min(1)
  .max(limits.cursorMaxLength)
  .describe('The `nextCursor` of the previous page; omit it for the first page.');

export const SortOrder = z.enum(['asc', 'desc']);

/** A page of results: `nextCursor` is `null` on the last page. */
export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const Deleted = z.object({ id: Id, deleted: z.literal(true) });
