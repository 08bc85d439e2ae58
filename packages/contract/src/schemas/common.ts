import * as z from 'zod';
import { limits } from '../limits.ts';

export const Id = z.uuid().describe('A UUID.');

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
