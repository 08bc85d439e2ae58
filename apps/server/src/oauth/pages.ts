import { scopes } from '@charter/contract';

// The authorization server's own pages: log in, consent, errors. Plain HTML that works without
// JavaScript, with labels on every field; everything from outside is escaped.

const html = (value: unknown) => String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const style = `body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}
label{display:block;margin:.75rem 0}input{display:block;width:100%;padding:.5rem;box-sizing:border-box}
button{padding:.5rem 1rem;margin:.5rem .5rem 0 0}[role=alert]{color:#a00}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${html(title)} · Charter</title><style>${style}</style></head><body><main>${body}</main></body></html>`;
}

export function loginPage(options: { uid: string; appName: string; error?: string }): string {
  const { uid, appName, error } = options;
  return page(
    'Log in',
    `<h1>Log in to continue to ${html(appName)}</h1>
${error ? `<p role="alert">${html(error)}</p>` : ''}
<form method="post" action="/oauth/interaction/${html(uid)}/login">
  <label>Email <input type="email" name="email" autocomplete="username" required autofocus></label>
  <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
  <button type="submit">Log in</button>
</form>
<form method="post" action="/oauth/interaction/${html(uid)}/abort"><button type="submit">Cancel</button></form>`,
  );
}

export function consentPage(options: { uid: string; appName: string; requested: readonly string[] }): string {
  const { uid, appName, requested } = options;
  const items = requested
    .map(
      (scope) =>
        `<li data-scope="${html(scope)}"><strong>${html(scope)}</strong>: ${html(scopes[scope as keyof typeof scopes] ?? '')}</li>`,
    )
    .join('');
  return page(
    'Allow access',
    `<h1>Allow ${html(appName)} to act for you?</h1>
<p>It asks to:</p><ul>${items}</ul>
<form method="post" action="/oauth/interaction/${html(uid)}/consent"><button type="submit">Allow</button></form>
<form method="post" action="/oauth/interaction/${html(uid)}/abort"><button type="submit">Deny</button></form>`,
  );
}

export function errorPage(title: string, detail: string): string {
  return page(title, `<h1>${html(title)}</h1><p>${html(detail)}</p>`);
}
