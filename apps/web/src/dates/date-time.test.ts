import { afterEach, describe, expect, it } from 'vitest';
import { formatInstant, fromDateTimeLocal, toDateTimeLocal } from './date-time.ts';

const originalZone = process.env.TZ;
/** Node reads TZ afresh after it changes, so each test can stand in a viewer's time zone. */
function inZone(zone: string) {
  process.env.TZ = zone;
}
afterEach(() => {
  process.env.TZ = originalZone;
});

describe('datetime-local values', () => {
  it('shows a UTC instant as wall time in the viewer time zone', () => {
    inZone('Asia/Tokyo');
    expect(toDateTimeLocal(new Date('2030-06-01T09:00:00Z'))).toBe('2030-06-01T18:00');
    inZone('America/New_York');
    expect(toDateTimeLocal(new Date('2030-06-01T09:00:00Z'))).toBe('2030-06-01T05:00');
  });

  it('reads wall time in the viewer time zone back as the same UTC instant', () => {
    inZone('Asia/Tokyo');
    expect(fromDateTimeLocal('2030-06-01T18:00')?.toISOString()).toBe('2030-06-01T09:00:00.000Z');
    inZone('America/New_York');
    expect(fromDateTimeLocal('2030-06-01T05:00')?.toISOString()).toBe('2030-06-01T09:00:00.000Z');
  });

  it('round-trips across a date line: the local day differs from the UTC day', () => {
    inZone('Pacific/Auckland');
    const instant = new Date('2030-12-31T20:30:00Z');
    expect(toDateTimeLocal(instant)).toBe('2031-01-01T09:30');
    expect(fromDateTimeLocal(toDateTimeLocal(instant))?.getTime()).toBe(instant.getTime());
  });

  it('uses the offset in force on that date, not today (daylight saving)', () => {
    inZone('Europe/Paris');
    expect(fromDateTimeLocal('2030-01-15T12:00')?.toISOString()).toBe('2030-01-15T11:00:00.000Z');
    expect(fromDateTimeLocal('2030-07-15T12:00')?.toISOString()).toBe('2030-07-15T10:00:00.000Z');
  });

  it('moves a wall time that a spring-forward skips past the gap, as browsers do', () => {
    inZone('Europe/Paris');
    // 2030-03-31 02:30 does not exist in Paris: clocks go from 02:00 to 03:00.
    expect(fromDateTimeLocal('2030-03-31T02:30')?.toISOString()).toBe('2030-03-31T01:30:00.000Z');
  });

  it('keeps seconds and milliseconds when the input carries them', () => {
    inZone('UTC');
    expect(fromDateTimeLocal('2030-06-01T09:00:30.5')?.toISOString()).toBe('2030-06-01T09:00:30.500Z');
    expect(fromDateTimeLocal('2030-06-01T09:00:30.05')?.toISOString()).toBe('2030-06-01T09:00:30.050Z');
  });

  it('reads years before 100 as written, not as the 1900s', () => {
    inZone('UTC');
    expect(fromDateTimeLocal('0042-01-02T03:04')?.toISOString()).toBe('0042-01-02T03:04:00.000Z');
    expect(toDateTimeLocal(new Date('0042-01-02T03:04:00Z'))).toBe('0042-01-02T03:04');
  });

  it('gives undefined for an empty input and an invalid Date for a malformed or impossible one', () => {
    expect(fromDateTimeLocal('')).toBeUndefined();
    expect(fromDateTimeLocal('  ')).toBeUndefined();
    expect(Number.isNaN(fromDateTimeLocal('tomorrow')?.getTime())).toBe(true);
    expect(Number.isNaN(fromDateTimeLocal('2030-02-30T10:00')?.getTime())).toBe(true);
  });
});

describe('formatInstant', () => {
  it('writes an instant in the given locale and time zone', () => {
    const instant = new Date('2030-06-01T09:00:00Z');
    expect(formatInstant(instant, { locale: 'en-GB', timeZone: 'Asia/Tokyo' })).toBe('1 Jun 2030, 18:00');
    expect(formatInstant(instant, { locale: 'en-GB', timeZone: 'America/New_York' })).toBe(
      '1 Jun 2030, 05:00',
    );
  });
});
