import { guides } from './guides.ts';

const styles = `
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2330;display:flex;min-height:100vh}
nav{flex:0 0 14rem;background:#f4f5f8;border-right:1px solid #e1e4ea;padding:1.5rem 1rem}
nav a{display:block;padding:.3rem .5rem;color:#1d2330;text-decoration:none;border-radius:4px}
nav a[aria-current=page]{background:#dde3f0;font-weight:600}
nav .brand{font-weight:700;font-size:1.15rem;margin-bottom:1rem}
main{flex:1;max-width:52rem;padding:1.5rem 2.5rem 4rem}
pre{background:#0f1420;color:#e6e9ef;padding:1rem;border-radius:6px;overflow:auto;font-size:.88rem}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.92em}
:not(pre)>code{background:#eef0f4;padding:.1em .3em;border-radius:3px}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #e1e4ea;padding:.35rem .6rem;text-align:left;vertical-align:top}
.error{border-top:1px solid #e1e4ea;padding-top:.5rem}.status{color:#8a5a00;font-weight:400}.muted{color:#5b6475;font-size:.9rem}
`;

/** A docs page: the navigation, then the content. Same-origin assets only, so it works offline. */
export function docsPage({ title, current, body }: { title: string; current: string; body: string }): string {
  const link = (href: string, text: string) =>
    `<a href="${href}"${href === current ? ' aria-current="page"' : ''}>${text}</a>`;
  const navigation = [
    '<div class="brand">Charter API</div>',
    link('/docs/reference', 'Reference'),
    ...guides.map(({ slug, title: text }) =>
      link(slug === 'errors' ? '/docs/errors' : `/docs/guides/${slug}`, text),
    ),
    link('/api/v1/openapi.json', 'OpenAPI (JSON)'),
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Charter API</title>
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
<style>${styles}</style>
</head>
<body>
<nav aria-label="Documentation">${navigation}</nav>
<main>${body}</main>
</body>
</html>`;
}
