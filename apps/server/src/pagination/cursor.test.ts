import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, isInstant } from './cursor.ts';

const id = '0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b';

describe('cursor', () => {
  it('round-trips', () => {
    const cursor = { sort: 'dueDate', order: 'asc' as const, key: null, id };
    expect(decodeCursor(encodeCursor(cursor), cursor)).toEqual(cursor);
  });

  it('is URL-safe', () => {
    expect(encodeCursor({ sort: 'title', order: 'desc', key: '??>>ÿ', id })).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('refuses a cursor made for another sort or order', () => {
    const raw = encodeCursor({ sort: 'title', order: 'asc', key: 'a', id });
    expect(decodeCursor(raw, { sort: 'createdAt', order: 'asc' })).toBeUndefined();
    expect(decodeCursor(raw, { sort: 'title', order: 'desc' })).toBeUndefined();
  });

  it.each([
    ['not base64url', 'a b'],
    ['not JSON', Buffer.from('{nope').toString('base64url')],
    ['JSON of the wrong shape', Buffer.from('{"s":"title","o":"asc","k":1,"i":"x"}').toString('base64url')],
    [
      'extra fields',
      Buffer.from(JSON.stringify({ s: 'title', o: 'asc', k: 'a', i: id, x: 1 })).toString('base64url'),
    ],
    [
      'a NUL in the sort key (PostgreSQL refuses it in text)',
      Buffer.from(JSON.stringify({ s: 'title', o: 'asc', k: 'a\u0000b', i: id })).toString('base64url'),
    ],
  ])('refuses %s', (_name, raw) => {
    expect(decodeCursor(raw, { sort: 'title', order: 'asc' })).toBeUndefined();
  });

  it('recognises instants exactly as toISOString writes them', () => {
    expect(isInstant(new Date().toISOString())).toBe(true);
    expect(isInstant('2030-02-30T00:00:00.000Z')).toBe(false); // Date rolls it over to March; Postgres refuses it
    expect(isInstant('2030-01-01')).toBe(false);
    expect(isInstant(null)).toBe(false);
    expect(isInstant("2030-01-01T00:00:00.000Z'; drop table tasks")).toBe(false);
  });
});
