import { describe, expect, it, vi } from 'vitest';
import { type DeprecationNotice, reportingDeprecations, warnOnce } from './deprecations.ts';

const answering =
  (headers: Record<string, string>): typeof fetch =>
  async () =>
    new Response('[]', { headers });

describe('reportingDeprecations', () => {
  it('tells what the Deprecation, Sunset and Link headers say, naming the procedures called', async () => {
    const notices: DeprecationNotice[] = [];
    const fetchFn = reportingDeprecations(
      answering({
        deprecation: '@1780272000',
        sunset: 'Fri, 01 Jan 2027 00:00:00 GMT',
        link: '</trpc/tasks.search>; rel="successor-version"',
      }),
      (notice) => notices.push(notice),
    );
    await fetchFn('http://127.0.0.1:9/trpc/tasks.list,auth.me?batch=1&input=%7B%7D');
    expect(notices).toEqual([
      {
        paths: ['tasks.list', 'auth.me'],
        since: new Date('2026-06-01T00:00:00Z'),
        sunset: new Date('2027-01-01T00:00:00Z'),
        link: '</trpc/tasks.search>; rel="successor-version"',
      },
    ]);
  });

  it('says nothing of answers without those headers', async () => {
    const onDeprecation = vi.fn();
    await reportingDeprecations(answering({}), onDeprecation)('http://127.0.0.1:9/trpc/auth.me');
    expect(onDeprecation).not.toHaveBeenCalled();
  });
});

describe('warnOnce', () => {
  it('warns once per procedure, with the sunset date and the link', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const tell = warnOnce();
    const notice = { paths: ['tasks.list'], since: undefined, sunset: new Date('2027-01-01'), link: '<x>' };
    tell(notice);
    tell(notice);
    expect(warn.mock.calls).toEqual([
      ['@charter/client: tasks.list is deprecated; it stops answering on 2027-01-01. See <x>'],
    ]);
    warn.mockRestore();
  });
});
