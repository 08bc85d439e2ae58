import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next.ts';

describe('safeNext', () => {
  it('returns to a page of the app, with its query and fragment', () => {
    expect(safeNext('/projects/abc?status=todo')).toBe('/projects/abc?status=todo');
    expect(safeNext('/projects/abc#task-1')).toBe('/projects/abc#task-1');
  });

  it('keeps an encoded character a path may hold, as the path it is', () => {
    expect(safeNext('/projects?q=a%2Fb')).toBe('/projects?q=a%2Fb');
  });

  // The classic open-redirect bypasses: each one is another origin once a browser has read it.
  const leavingTheApp = [
    '//evil.example/x',
    '///evil.example/x',
    '////evil.example/x',
    'https://evil.example',
    'http:evil.example',
    'https:/evil.example',
    '/\\evil.example',
    '/\\/evil.example',
    '\\\\evil.example',
    '/\t/evil.example/x',
    '/\n/evil.example/x',
    '/\r\n/evil.example/x',
    '\t//evil.example',
    ' //evil.example',
    '/..//evil.example',
    '/.//evil.example',
    '/./\\evil.example',
    '/a/../..//evil.example',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'evil.example',
    '@evil.example',
    'https://app.invalid@evil.example',
    '//app.invalid@evil.example',
    '//evil.example\\@app.invalid',
    '/\\evil.example%2F',
  ];
  it.each(leavingTheApp)('refuses %j, which leaves the app', (next) => {
    expect(safeNext(next)).toBe('/projects');
  });

  // A tab written as %09 reaches the page decoded, as URLSearchParams hands it over (issue 14).
  it('refuses /%09/evil.example/x as the query string delivers it', () => {
    const next = new URLSearchParams('next=/%09/evil.example/x').get('next');
    expect(next).toBe('/\t/evil.example/x');
    expect(safeNext(next)).toBe('/projects');
  });

  it('keeps percent-encoded slashes and backslashes as harmless path text', () => {
    expect(safeNext('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
    expect(safeNext('/%5Cevil.example')).toBe('/%5Cevil.example');
    expect(safeNext('/%09/evil.example/x')).toBe('/%09/evil.example/x');
  });

  it('does not send a user who just logged in back to the log-in page', () => {
    expect(safeNext('/log-in?next=/x')).toBe('/projects');
    expect(safeNext('/Sign-Up')).toBe('/projects');
    expect(safeNext('/./log-in')).toBe('/projects');
    expect(safeNext(null)).toBe('/projects');
    expect(safeNext('')).toBe('/projects');
  });
});
