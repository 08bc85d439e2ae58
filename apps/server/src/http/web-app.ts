import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Router } from 'express';
import { packageRoot } from '../package-root.ts';

/** Where `@charter/web` builds to (`pnpm --filter @charter/web build`). */
export const defaultWebRoot = join(packageRoot, '..', 'web', 'dist');

/** Paths the API (or the app's assets) own: a wrong URL there gets a problem, not the app's page. */
const apiPaths = /^\/(?:trpc|api|docs|oauth|\.well-known|healthz|assets)(?:\/|$)/;

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
    // Browsers navigating ask for text/html by name; scripts (`*/*`) get the problem details.
    if (apiPaths.test(req.path) || !req.headers.accept?.includes('text/html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index, { dotfiles: 'allow' });
  });
  return router;
}
