import type { ImplementedProcedure } from '../server/implement.ts';
import { deprecationOf } from '../server/retirement.ts';

const none: Readonly<Record<string, string>> = Object.freeze({});

/**
 * What an answer tells a caller of deprecated procedures, whatever the outcome: `Deprecation` since
 * when (RFC 9745, the earliest of the calls'), `Sunset` when they stop answering (RFC 8594, the
 * earliest), and `Link`s to the page that explains it and, over REST, to the replacement.
 * Empty when no call is deprecated, the common case, which costs one property read per call.
 */
export function deprecationHeaders(
  procedures: readonly (ImplementedProcedure | undefined)[],
  links: { docs: string | undefined; successorOf?: (path: string) => string | undefined },
): Record<string, string> {
  if (!procedures.some((entry) => entry?.procedure.meta.deprecated)) return none;
  let since: number | undefined;
  let sunset: number | undefined;
  const link: string[] = [];
  for (const entry of procedures) {
    if (!entry?.procedure.meta.deprecated) continue;
    const deprecation = deprecationOf(entry.procedure.meta);
    if (!deprecation) {
      // `deprecated: true` says nothing of when: the header needs a date, so only the link is sent.
      if (links.docs && link.length === 0) link.push(`<${links.docs}>; rel="deprecation"; type="text/html"`);
      continue;
    }
    const sinceTime = Date.parse(deprecation.since);
    since = since === undefined ? sinceTime : Math.min(since, sinceTime);
    if (deprecation.sunset !== undefined) {
      const sunsetTime = Date.parse(deprecation.sunset);
      sunset = sunset === undefined ? sunsetTime : Math.min(sunset, sunsetTime);
    }
    if (links.docs && !link.some((value) => value.includes('rel="deprecation"')))
      link.push(`<${links.docs}>; rel="deprecation"; type="text/html"`);
    const successor = deprecation.replacement && links.successorOf?.(deprecation.replacement);
    if (successor) link.push(`<${successor}>; rel="successor-version"`);
  }
  const headers: Record<string, string> = {};
  if (since !== undefined) headers.Deprecation = `@${Math.floor(since / 1000)}`;
  if (sunset !== undefined) headers.Sunset = new Date(sunset).toUTCString();
  if (link.length > 0) headers.Link = link.join(', ');
  return headers;
}
