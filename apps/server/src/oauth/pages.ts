import { scopes } from '@charter/contract';

// The authorization server's own pages: log in, consent, errors. Plain HTML that works without
// JavaScript, with labels on every field; everything from outside is escaped.

const html = (value: unknown) => String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// The web app's look (apps/web/src/styles.css): these pages are the app's OAuth screens, served
// by the server because they must work mid-authorization, without the app's script bundle.
const style = `:root{--text:#1f2933;--muted:#52606d;--bg:#f5f7fa;--surface:#fff;--border:#cbd2d9;--accent:#1d4ed8;--danger:#b91c1c;--focus:#f59e0b;
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--text);background:var(--bg)}
body{margin:0}header{background:var(--surface);border-bottom:1px solid var(--border);padding:.75rem 1.5rem;font-weight:700;font-size:1.2rem}
main{max-width:30rem;margin:3rem auto;padding:1.5rem 2rem;background:var(--surface);border:1px solid var(--border);border-radius:6px}
h1{font-size:1.35rem;line-height:1.3;margin:0 0 1rem}label{display:block;margin:.75rem 0;font-weight:600}
input{display:block;width:100%;margin-top:.25rem;padding:.5rem;border:1px solid var(--border);border-radius:6px;font:inherit;box-sizing:border-box}
ul{padding-left:1.25rem}li{margin:.35rem 0}.actions{display:flex;gap:.75rem;margin-top:1.25rem}
button{font:inherit;font-weight:600;padding:.5rem 1.1rem;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer}
button.secondary{background:var(--surface);color:var(--text);border-color:var(--border)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}[role=alert]{color:var(--danger);font-weight:600}.muted{color:var(--muted)}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${html(title)} · Charter</title><style>${style}</style></head><body><header>Charter</header><main>${body}</main></body></html>`;
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
  <div class="actions"><button type="submit">Log in</button>
  <button type="submit" class="secondary" formaction="/oauth/interaction/${html(uid)}/abort" formnovalidate>Cancel</button></div>
</form>`,
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
<form method="post" action="/oauth/interaction/${html(uid)}/consent"><div class="actions"><button type="submit">Allow</button>
<button type="submit" class="secondary" formaction="/oauth/interaction/${html(uid)}/abort">Deny</button></div></form>`,
  );
}

export function errorPage(title: string, detail: string): string {
  return page(title, `<h1>${html(title)}</h1><p>${html(detail)}</p>`);
}
