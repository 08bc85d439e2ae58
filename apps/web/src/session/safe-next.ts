/**
 * Where to go after logging in: a path of this app taken from `?next=`, never another origin
 * (`//evil.example`, `https://…`) or the log-in pages themselves.
 */
export function safeNext(next: string | null | undefined, fallback = '/projects'): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (/^\/(log-in|sign-up)(?:[/?#]|$)/.test(next)) return fallback;
  return next;
}
