import type { Deprecation } from '../procedure.ts';

/**
 * A deprecated operation's notice for its description (documentation tools show `deprecated: true`
 * as a strike-through, without saying why or what to call instead).
 */
export function deprecationNotice(
  deprecated: boolean | Deprecation,
  /** The replacement's REST route, when it has one: `GET /tasks/search`. */
  replacementRoute?: string,
): string | undefined {
  if (deprecated === false) return undefined;
  if (deprecated === true) return '**Deprecated.**';
  const code = (text: string) => `\`${text}\``;
  const replacement =
    deprecated.replacement === undefined
      ? ''
      : ` Call ${code(deprecated.replacement)}${replacementRoute ? ` (${code(replacementRoute)})` : ''} instead.`;
  const sunset =
    deprecated.sunset === undefined
      ? ''
      : ` **Sunset:** ${deprecated.sunset}; it stops answering after that.`;
  return `**Deprecated** since ${deprecated.since}: ${deprecated.reason}${replacement}${sunset}`;
}
