// Any origin would do: `?next=` is resolved against it only to see where a browser would go.
const base = 'https://app.invalid';

/**
 * Where to go after logging in: a path of this app taken from `?next=`, never another origin
 * (`//evil.example`, `https://…`) or the log-in pages themselves. The value is read as a browser
 * reads a URL (tabs and newlines dropped, `\` as `/`, dot segments resolved) and the result checked,
 * so no spelling of another origin passes.
 */
export function safeNext(next: string | null | undefined, fallback = '/projects'): string {
  if (!next?.startsWith('/') || !URL.canParse(next, base)) return fallback;
  const url = new URL(next, base);
  if (url.origin !== base) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `/..//evil.example` resolves to a path that a browser would again read as another host.
  if (path.startsWith('//')) return fallback;
  if (/^\/(log-in|sign-up)(?:[/?#]|$)/i.test(path)) return fallback;
  return path;
}
