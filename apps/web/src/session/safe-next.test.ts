import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next.ts';

describe('safeNext', () => {
  it('returns to a page of the app, with its query', () => {
    expect(safeNext('/projects/abc?status=todo')).toBe('/projects/abc?status=todo');
  });

  it('refuses anything that leaves the app', () => {
    for (const next of [
      '//evil.example/x',
      'https://evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
    ]) {
      expect(safeNext(next)).toBe('/projects');
    }
  });

  it('does not send a user who just logged in back to the log-in page', () => {
    expect(safeNext('/log-in?next=/x')).toBe('/projects');
    expect(safeNext(null)).toBe('/projects');
  });
});
