import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import { packageRoot } from '../package-root.ts';
import { apiDescription } from './api-description.ts';
import { docsPage } from './docs-layout.ts';
import type { GuideFacts } from './guide-sections.ts';
import { guideMarkdown, guidePath, guides, renderMarkdown } from './guides.ts';
import { searchIndex } from './search-index.ts';

// Only its files are served: resolving the folder, not requiring the package, keeps its 1.7 MB
// bundle out of the server's memory.
const viewerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
/** The viewer's files we serve; not its demo page, which points at a third-party API. */
const viewerAssets = [
  'swagger-ui.css',
  'swagger-ui-bundle.js',
  'swagger-ui-standalone-preset.js',
  'oauth2-redirect.html',
  'oauth2-redirect.js',
  'favicon-32x32.png',
];

/** Our own browser scripts (src/docs/assets): the colour scheme, search, the reference's set-up. */
const ownAssetsDir = join(packageRoot, 'src', 'docs', 'assets');
const ownAssets = ['theme.js', 'search.js', 'reference.js'];
/** The search library's browser build, the same code that built the index on the server. */
const minisearchModule = fileURLToPath(import.meta.resolve('minisearch'));

/**
 * The OpenAPI description (`/api/v1/openapi.json` and `.yaml`) and /docs: the interactive
 * reference (Swagger UI, served from its npm package, so it works offline) over the generated
 * OpenAPI document, and the guides, rendered from markdown whose facts (errors, scopes, costs,
 * budgets, examples) come from the contract and configuration, and the search index over both
 * (decision 019). All of it is generated once, on the first request that needs it, which keeps a
 * fifth of a second off the server's start.
 */
export function docsRoutes(facts: GuideFacts): Router {
  const router = express.Router();
  let generated: GeneratedDocs | undefined;
  let yaml: string | undefined;
  const docs = () => {
    generated ??= generateDocs(facts);
    return generated;
  };
  router.get('/api/v1/openapi.json', (_req, res) => res.type('application/json').send(docs().asJson));
  router.get('/api/v1/openapi.yaml', async (_req, res) => {
    // The YAML writer is loaded for the first caller who asks for YAML.
    if (yaml === undefined) {
      const { stringify } = await import('yaml');
      yaml = stringify(docs().description, { aliasDuplicateObjects: false });
    }
    res.type('application/yaml').send(yaml);
  });
  router.get('/docs', (_req, res) => res.redirect(302, '/docs/guides/getting-started'));
  router.get('/docs/reference', (_req, res) => res.type('html').send(docs().reference));
  router.get('/docs/search-index.json', (_req, res) => res.type('application/json').send(docs().searchIndex));
  for (const asset of ownAssets) {
    router.get(`/docs/assets/${asset}`, (_req, res) =>
      res.sendFile(join(ownAssetsDir, asset), { maxAge: 0 }),
    );
  }
  router.get('/docs/assets/minisearch.js', (_req, res) =>
    res.sendFile(minisearchModule, { maxAge: '1d', dotfiles: 'allow' }),
  );
  router.get(['/docs/errors', '/docs/guides/:slug'], (req, res, next) => {
    const page = docs().pages.get(req.path);
    if (page) res.type('html').send(page);
    else next();
  });
  for (const asset of viewerAssets) {
    const target = asset.startsWith('oauth2-redirect') ? `/docs/${asset}` : `/docs/assets/${asset}`;
    router.get(target, (_req, res) =>
      res.sendFile(join(viewerDir, asset), { maxAge: '1d', dotfiles: 'allow' }),
    );
  }
  return router;
}

interface GeneratedDocs {
  description: ReturnType<typeof apiDescription>;
  asJson: string;
  /** Guide pages by path. */
  pages: Map<string, string>;
  reference: string;
  /** MiniSearch's index of operations, guide sections and error codes, with its options, as JSON. */
  searchIndex: string;
}

function generateDocs(facts: GuideFacts): GeneratedDocs {
  const description = apiDescription({ origin: facts.origin, budgets: facts.budgets });
  const markdown = guideMarkdown(facts);
  const pages = new Map<string, string>();
  for (const { slug, title } of guides) {
    const path = guidePath(slug);
    pages.set(path, docsPage({ title, current: path, body: renderMarkdown(markdown[slug]) }));
  }
  const reference = docsPage({
    title: 'Reference',
    current: '/docs/reference',
    wide: true,
    body: `<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<p id="try-it-session" class="notice" role="status"></p>
<div id="reference"><p>Loading the reference…</p></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
<script src="/docs/assets/reference.js"></script>`,
  });
  return {
    description,
    asJson: JSON.stringify(description),
    pages,
    reference,
    searchIndex: searchIndex(markdown),
  };
}
