/**
 * Due dates travel as UTC instants and are shown and edited in the viewer's own time zone: what
 * `<input type="datetime-local">` shows is local wall time, with no zone of its own.
 */

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** The `datetime-local` value for an instant, in the viewer's time zone, to the minute. */
export function toDateTimeLocal(instant: Date): string {
  return (
    `${pad(instant.getFullYear(), 4)}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}` +
    `T${pad(instant.getHours())}:${pad(instant.getMinutes())}`
  );
}

const localDateTime = /^(\d{4,6})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/**
 * The instant a `datetime-local` value means in the viewer's time zone: `undefined` when empty,
 * an invalid Date when malformed (the schema then refuses it). A wall time that a daylight-saving
 * change skips resolves as the browser's own `Date` does (moved forward by the gap).
 */
export function fromDateTimeLocal(value: string): Date | undefined {
  if (value.trim() === '') return undefined;
  const match = localDateTime.exec(value.trim());
  if (!match) return new Date(Number.NaN);
  const [year, month, day, hours, minutes, seconds] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = Number((match[7] ?? '').padEnd(3, '0'));
  const instant = new Date(2000, 0, 1, 0, 0, 0, 0);
  // setFullYear, not the constructor: the constructor reads years 0 to 99 as 1900 to 1999.
  instant.setFullYear(year, month - 1, day);
  instant.setHours(hours, minutes, seconds, millis);
  if (instant.getMonth() !== month - 1 || instant.getDate() !== day) return new Date(Number.NaN);
  return instant;
}

/** The viewer's IANA time zone, e.g. `Europe/Paris`. */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** An instant as the viewer reads it: their locale and time zone, e.g. `1 Jun 2030, 18:00`. */
export function formatInstant(instant: Date, options: { locale?: string; timeZone?: string } = {}): string {
  const key = `${options.locale ?? ''}|${options.timeZone ?? ''}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(options.locale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    });
    formats.set(key, format);
  }
  return format.format(instant);
}
