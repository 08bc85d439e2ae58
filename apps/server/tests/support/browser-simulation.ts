/**
 * Just enough of a browser for OAuth's front channel: follows redirects, keeps cookies (by path),
 * and submits the log-in and consent forms, until the authorization server sends it back to the app.
 */
export class SimulatedBrowser {
  private readonly cookies = new Map<string, { value: string; path: string }>();
  readonly visited: string[] = [];

  constructor(private readonly user: { email: string; password: string }) {}

  /** Goes to `start` and acts as told on each page; resolves with the URL the app is sent back to. */
  async authorize(
    start: string,
    redirectUri: string,
    options: { consent?: 'allow' | 'deny' } = {},
  ): Promise<URL> {
    let url = start;
    let init: RequestInit = {};
    for (let hop = 0; hop < 20; hop++) {
      const response = await fetch(url, {
        ...init,
        redirect: 'manual',
        headers: { ...init.headers, cookie: this.cookieHeader(url) },
      });
      this.keepCookies(response);
      this.visited.push(`${response.status} ${new URL(url).pathname}`);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        const next = new URL(location, url);
        if (next.href.startsWith(redirectUri)) return next;
        url = next.href;
        init = {};
        continue;
      }
      const html = await response.text();
      const form = (action: string) => new RegExp(`action="([^"]*/${action})"`).exec(html)?.[1];
      const login = form('login');
      const decision = form(options.consent === 'deny' ? 'abort' : 'consent');
      if (response.status === 200 && login) {
        url = new URL(login, url).href;
        init = {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(this.user).toString(),
        };
      } else if (response.status === 200 && decision && html.includes('Allow')) {
        this.lastConsentPage = html;
        url = new URL(decision, url).href;
        init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' };
      } else {
        throw new Error(
          `the authorization server answered ${response.status} at ${url}:\n${html.slice(0, 500)}`,
        );
      }
    }
    throw new Error('too many redirects');
  }

  /** The consent page last shown, to check what it asked for. */
  lastConsentPage = '';

  private cookieHeader(url: string): string {
    const { pathname } = new URL(url);
    return [...this.cookies]
      .filter(([, cookie]) => pathname.startsWith(cookie.path))
      .map(([name, cookie]) => `${name}=${cookie.value}`)
      .join('; ');
  }

  private keepCookies(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      const path =
        attributes.find((attribute) => attribute.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      if (value === '' || attributes.some((attribute) => /^expires=.*1970/i.test(attribute)))
        this.cookies.delete(name);
      else this.cookies.set(name, { value, path });
    }
  }
}
