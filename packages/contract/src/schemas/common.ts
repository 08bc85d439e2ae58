import * as z from 'zod';
import { limits } from '../limits.ts';

export const Id = z.uuid().describe('A UUID.');

// Patterns any regex engine reads alike (ECMA-262 with or without the u flag, PCRE, Python's re):
// explicit ranges, never \p{…}. PostgreSQL cannot store NUL, and no control character belongs in a name.
const c0AndC1 = '\\u0000-\\u001F\\u007F-\\u009F';
const controlsButTabsAndBreaks = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F';
// What String.prototype.trim removes beyond the controls: a name of only these is blank.
const spaces = '\\u0020\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF';
// Leading spaces, one visible character, then no control: linear however long. Empty is left to `min(1)`
// (after trimming, a blank name is empty), so an empty name is one issue, not two.
const singleLine = new RegExp(`^(?:[${spaces}]*[^${c0AndC1}${spaces}][^${c0AndC1}]*)?$`);
const multiLine = new RegExp(`^[^${controlsButTabsAndBreaks}]*$`);
const visibleAscii = /^[\u0021-\u007E]+$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing NUL is the point
const withoutNul = /^[^\u0000]*$/;

/** A trimmed, non-blank, one-line string of at most `max` characters. */
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

/** An opaque token of at most `max` characters (a refresh token, a client id): printable ASCII, no spaces. */
export function token(max: number) {
  return z.string().min(1).max(max).regex(visibleAscii, { error: 'Must be printable ASCII without spaces.' });
}

/**
 * What an edit takes: `key` names what to change, `fields` what may change, and at least one of
 * them must be given. Said in the schema (`anyOf` of `required`), not only checked.
 */
export function edit<K extends z.ZodRawShape, F extends z.ZodRawShape>(key: K, fields: F) {
  const names = Object.keys(fields);
  return z
    .object({ ...key, ...fields })
    .refine((input) => names.some((name) => (input as Record<string, unknown>)[name] !== undefined), {
      message: 'Give at least one field to change.',
    })
    .meta({ anyOf: names.map((name) => ({ required: [name] })) });
}

/** Text that is compared, never shown (a password): anything but NUL, which PostgreSQL cannot hold. */
export function secretText(min: number, max: number) {
  return z.string().min(min).max(max).regex(withoutNul, { error: 'Must not contain U+0000 (NUL).' });
}

/** A point in time both databases store exactly: years 1 to 9999. */
export const Instant = z
  .date()
  .min(new Date(limits.instantMin), { error: `Must be at or after ${limits.instantMin}.` })
  .max(new Date(limits.instantMax), { error: `Must be at or before ${limits.instantMax}.` });

// Narrower than zod's default so that every address it takes also passes the `format: email` of JSON
// Schema validators (ajv-formats, full and fast): host labels of 1 to 63 characters, no hyphen at either end.
const emailAddress =
  /^[A-Za-z0-9_'+-]+(?:\.[A-Za-z0-9_'+-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** Trims, lowercases, then checks the address, so `Ada@Example.com ` and `ada@example.com` are one account. */
export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(limits.emailMaxLength)
  .check(z.email({ pattern: emailAddress }))
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
  .regex(/^[A-Za-z0-9_-]+$/, { error: 'Not a cursor this API made.' })
  .describe('The `nextCursor` of the previous page; omit it for the first page.');

export const SortOrder = z.enum(['asc', 'desc']);

/** A page of results: `nextCursor` is `null` on the last page. */
export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const Deleted = z.object({ id: Id, deleted: z.literal(true) });
