import type { ProcedureMeta } from '../procedure.ts';

/**
 * An operation's description: the procedure's own, then its policy in words (who may call it, what
 * it costs), since documentation tools show descriptions and skip `security` details and extensions.
 */
export function describeOperation(
  meta: Pick<ProcedureMeta, 'description' | 'auth' | 'scopes' | 'cost' | 'budget'>,
  budgets: Readonly<Record<string, string>> = {},
): string {
  const code = (text: string) => `\`${text}\``;
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const scopes =
    meta.scopes.length === 0
      ? ''
      : `, with ${meta.scopes.length === 1 ? 'the scope' : 'the scopes'} ${meta.scopes.map(code).join(', ')}`;
  const auth =
    meta.auth === 'public' ? '**Authentication:** none.' : `**Authentication:** required${scopes}.`;
  const cost =
    meta.cost === 0
      ? "costs nothing against the caller's budget"
      : `costs ${plural(meta.cost, 'point')} of the caller's budget`;
  const budget = meta.budget === undefined ? undefined : budgets[meta.budget];
  const named =
    meta.budget === undefined
      ? ''
      : `; also draws on the ${code(meta.budget)} budget${budget === undefined ? '' : ` (${budget})`}`;
  return [meta.description, auth, `**Rate limit:** ${cost}${named}.`].filter(Boolean).join('\n\n');
}
