/** What the server said about deprecated procedures a request called. */
export interface DeprecationNotice {
  /** The procedures the request called (a batch names them all), e.g. `['tasks.list']`. */
  paths: string[];
  /** When they were deprecated. */
  since: Date | undefined;
  /** When they stop answering, if set. */
  sunset: Date | undefined;
  /** The `Link` header: the notice, and the replacement. */
  link: string | undefined;
}

/**
 * A fetch that tells `onDeprecation` when an answer carries `Deprecation` or `Sunset` (RFC 9745,
 * RFC 8594): the server is retiring a procedure this code calls, and will refuse it after the sunset.
 */
export function reportingDeprecations(
  fetchFn: typeof fetch,
  onDeprecation: (notice: DeprecationNotice) => void,
): typeof fetch {
  return async (input, init) => {
    const response = await fetchFn(input, init);
    const deprecation = response.headers.get('deprecation');
    const sunset = response.headers.get('sunset');
    if (deprecation === null && sunset === null) return response;
    onDeprecation({
      paths: procedurePathsOf(
        typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      ),
      since: deprecation?.startsWith('@') ? new Date(Number(deprecation.slice(1)) * 1000) : undefined,
      sunset: sunset === null ? undefined : new Date(sunset),
      link: response.headers.get('link') ?? undefined,
    });
    return response;
  };
}

/** Warns once per set of procedures, so a deprecated call in a loop does not flood the console. */
export function warnOnce(): (notice: DeprecationNotice) => void {
  const told = new Set<string>();
  return (notice) => {
    const key = notice.paths.join(',');
    if (told.has(key)) return;
    told.add(key);
    const sunset = notice.sunset ? `; it stops answering on ${notice.sunset.toISOString().slice(0, 10)}` : '';
    console.warn(
      `@charter/client: ${key} ${notice.paths.length > 1 ? 'include a deprecated procedure' : 'is deprecated'}${sunset}.${notice.link ? ` See ${notice.link}` : ''}`,
    );
  };
}

/** The dotted procedure paths of a tRPC request URL: `/trpc/a.b,c.d?batch=1` gives both. */
function procedurePathsOf(url: string): string[] {
  const pathname = new URL(url, 'http://client.invalid').pathname;
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  return decodeURIComponent(last).split(',');
}
