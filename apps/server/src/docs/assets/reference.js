// The interactive reference: Swagger UI over this server's OpenAPI description. "Try it out" carries
// the developer's own session, read where the web app keeps it (apps/web/src/session/stored-session.ts).
const sessionKey = 'charter.session';
const notice = document.getElementById('try-it-session');
/** The access token this page filled in, so it is taken back when the session ends. */
let filled;

function storedSession() {
  try {
    const session = JSON.parse(localStorage.getItem(sessionKey) ?? 'null');
    const valid =
      typeof session?.accessToken === 'string' &&
      typeof session.accessExpiresAt === 'number' &&
      typeof session.user?.email === 'string';
    return valid ? session : null;
  } catch {
    return null;
  }
}

function say(...parts) {
  notice.replaceChildren(
    ...parts.map((part) => {
      if (typeof part === 'string') return document.createTextNode(part);
      const link = document.createElement('a');
      link.href = part.href;
      link.textContent = part.text;
      return link;
    }),
  );
}

function useSession(ui) {
  const session = storedSession();
  const live = session !== null && session.accessExpiresAt > Date.now();
  if (!live) {
    if (filled !== undefined) ui.authActions.logout(['bearer']);
    filled = undefined;
    if (session) {
      say(
        'Your session’s access token has expired: open ',
        { href: '/', text: 'the app' },
        ' to renew it, and it is filled in here. Or paste a token or API key under Authorize.',
      );
    } else {
      say(
        { href: '/log-in', text: 'Log in to the app' },
        ' and “Try it out” calls the API as you, with your session’s access token filled in. Or paste a token or API key under Authorize.',
      );
    }
    return;
  }
  ui.preauthorizeApiKey('bearer', session.accessToken);
  filled = session.accessToken;
  say(
    `“Try it out” calls the API as ${session.user.name} (${session.user.email}): your session’s access token is filled in under Authorize. Calls are real.`,
  );
}

window.addEventListener('load', () => {
  const ui = SwaggerUIBundle({
    url: '/api/v1/openapi.json',
    dom_id: '#reference',
    deepLinking: true,
    tryItOutEnabled: true,
    displayRequestDuration: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'BaseLayout',
    oauth2RedirectUrl: `${window.location.origin}/docs/oauth2-redirect.html`,
    // A credential goes to this API only, whatever server a reader types in.
    requestInterceptor(request) {
      if (new URL(request.url, window.location.href).origin !== window.location.origin) {
        for (const name of Object.keys(request.headers)) {
          if (/^(authorization|x-api-key)$/i.test(name)) delete request.headers[name];
        }
      }
      return request;
    },
    onComplete: () => useSession(ui),
  });
  ui.initOAuth({ usePkceWithAuthorizationCodeGrant: true, scopeSeparator: ' ' });
  // The app renews its token (or logs out) in another tab: follow it.
  window.addEventListener('storage', (event) => {
    if (event.key === sessionKey || event.key === null) useSession(ui);
  });
  // A search result for another operation changes only the hash: open that operation.
  window.addEventListener('hashchange', () => ui.layoutActions.parseDeepLinkHash(window.location.hash));
  window.ui = ui;
});
