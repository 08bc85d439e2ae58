import { existsSync } from 'node:fs';
import { join } from 'node:path';
import accepts from 'accepts';
import express, { type Request, type Router } from 'express';
import { packageRoot } from '../package-root.ts';

/** Where `@charter/web` builds to (`pnpm --filter @charter/web build`). */
export const defaultWebRoot = join(packageRoot, '..', 'web', 'dist');

/** Paths the API (or the app's assets) own: a wrong URL there gets a problem, not the app's page. */
const apiPaths = /^\/(?:trpc|api|docs|oauth|\.well-known|healthz|assets)(?:\/|$)/;

/** Formats a caller may ask for by name; preferring one of them means it wants the problem details, not a page. */
const dataTypes = [
  'application/json',
  'application/problem+json',
  'application/xml',
  'application/problem+xml',
  'text/xml',
];

/** `/` is the front page for anyone (curl, a caller without Accept) but a caller asking for JSON or XML. */
const wantsFrontPage = (req: Request): boolean => {
  const preferred = accepts(req).type(['text/html', ...dataTypes]);
  return preferred === false || preferred === 'text/html';
};

/**
 * The browser app at `/`: its built files, and its `index.html` for any other page path so the
 * app's own routes survive a reload. Hashed assets are cached for a year; the page never is.
 */
export function webApp(root: string = defaultWebRoot): Router {
  const router = express.Router();
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    router.get('/', (_req, res) => {
      res
        .type('text')
        .send(
          'The web app is not built: run `npx pnpm@10.34.9 --filter @charter/web build` (npm start does).\nAPI docs: /docs',
        );
    });
    return router;
  }
  router.use('/assets', express.static(join(root, 'assets'), { immutable: true, maxAge: '1y' }));
  router.use(express.static(root, { index: false, maxAge: 0 }));
  router.get(/.*/, (req, res, next) => {
    // Browsers navigating ask for text/html by name; scripts (`*/*`) get the problem details, but at `/`.
    const page = req.path === '/' ? wantsFrontPage(req) : req.headers.accept?.includes('text/html');
    if (apiPaths.test(req.path) || !page) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index, { dotfiles: 'allow' });
  });
  return router;
}
