import { guidePath, guides } from './guides.ts';

// Colours are variables so one rule set serves both schemes; theme.js sets data-theme before paint.
const styles = `
:root{--text:#1d2330;--muted:#5b6475;--bg:#fff;--side:#f4f5f8;--line:#e1e4ea;--current:#dde3f0;--code:#eef0f4;--link:#2450b2;--status:#8a5a00;--pre:#0f1420;color-scheme:light}
:root[data-theme=dark]{--text:#e4e7ee;--muted:#a3abbb;--bg:#15181e;--side:#1c2028;--line:#2f3542;--current:#2c3548;--code:#262b36;--link:#8fb4ff;--status:#e5b45a;--pre:#0b0e14;color-scheme:dark}
@media (prefers-color-scheme:dark){:root:not([data-theme]){--text:#e4e7ee;--muted:#a3abbb;--bg:#15181e;--side:#1c2028;--line:#2f3542;--current:#2c3548;--code:#262b36;--link:#8fb4ff;--status:#e5b45a;--pre:#0b0e14;color-scheme:dark}}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--text);background:var(--bg);display:flex;min-height:100vh}
a{color:var(--link)}
nav{flex:0 0 15rem;background:var(--side);border-right:1px solid var(--line);padding:1.5rem 1rem;box-sizing:border-box}
nav>a{display:block;padding:.3rem .5rem;color:var(--text);text-decoration:none;border-radius:4px}
nav>a[aria-current=page]{background:var(--current);font-weight:600}
nav .brand{font-weight:700;font-size:1.15rem;margin-bottom:1rem}
nav .group{margin:1rem 0 .25rem .5rem;font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.search input{width:100%;box-sizing:border-box;padding:.4rem .6rem;border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--text);font:inherit}
.search ul{list-style:none;margin:.4rem 0 0;padding:0;border:1px solid var(--line);border-radius:4px;background:var(--bg)}
.search li a{display:flex;flex-wrap:wrap;gap:0 .4rem;align-items:baseline;padding:.35rem .5rem;text-decoration:none;color:var(--text);font-size:.8rem}
.search li a:hover,.search li a:focus{background:var(--current)}
.search .kind{text-transform:uppercase;font-size:.7rem;color:var(--muted)}
.search .label{color:var(--muted);overflow-wrap:anywhere;min-width:0}
.search .title{order:1;flex-basis:100%;font-size:.9rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
#theme-toggle{margin-top:1.5rem;font:inherit;font-size:.9rem;padding:.3rem .7rem;border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--text);cursor:pointer}
#theme-toggle[aria-pressed=true]::after{content:" ✓"}
main{flex:1;min-width:0;max-width:52rem;padding:1.5rem 2.5rem 4rem}
main.wide{max-width:none}
pre{background:var(--pre);color:#e6e9ef;padding:1rem;border-radius:6px;overflow:auto;font-size:.88rem}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.92em}
:not(pre)>code{background:var(--code);padding:.1em .3em;border-radius:3px}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid var(--line);padding:.35rem .6rem;text-align:left;vertical-align:top}
.error{border-top:1px solid var(--line);padding-top:.5rem}.status{color:var(--status);font-weight:400}.muted{color:var(--muted);font-size:.9rem}
@media (max-width:44rem){body{flex-direction:column}nav{flex:none;border-right:0;border-bottom:1px solid var(--line);padding:1rem}nav>a{display:inline-block}nav .group{display:none}#theme-toggle{margin:.5rem 0 0}main{padding:1rem}}
.notice{border:1px solid var(--line);background:var(--side);border-radius:6px;padding:.6rem .9rem;font-size:.95rem}
`;

/**
 * A docs page: the navigation (search, guides, the dark-mode toggle), then the content. Same-origin
 * assets only, so it works offline, and no inline script, which the server's CSP refuses.
 */
export function docsPage({
  title,
  current,
  body,
  wide = false,
}: {
  title: string;
  current: string;
  body: string;
  /** Full width, for the reference's two-column operations. */
  wide?: boolean;
}): string {
  const link = (href: string, text: string) =>
    `<a href="${href}"${href === current ? ' aria-current="page"' : ''}>${text}</a>`;
  const navigation = [
    '<div class="brand">Charter API</div>',
    `<form class="search" role="search">
<label for="docs-search" class="visually-hidden">Search the docs</label>
<input id="docs-search" type="search" placeholder="Search (press /)" autocomplete="off" aria-describedby="search-status">
<ul id="search-results" aria-label="Search results" hidden></ul>
<p id="search-status" class="visually-hidden" aria-live="polite"></p>
</form>`,
    '<div class="group">Guides</div>',
    ...guides.map(({ slug, title: text }) => link(guidePath(slug), text)),
    '<div class="group">Reference</div>',
    link('/docs/reference', 'Operations'),
    link('/api/v1/openapi.json', 'OpenAPI (JSON)'),
    link('/api/v1/openapi.yaml', 'OpenAPI (YAML)'),
    '<button type="button" id="theme-toggle" aria-pressed="false">Dark mode</button>',
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Charter API</title>
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
<style>${styles}</style>
<script src="/docs/assets/theme.js"></script>
<script type="module" src="/docs/assets/search.js"></script>
</head>
<body>
<nav aria-label="Documentation">${navigation}</nav>
<main${wide ? ' class="wide"' : ''}>${body}</main>
</body>
</html>`;
}
