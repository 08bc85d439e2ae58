// `pnpm contract:changelog`: the API changelog of @charter/contract's released versions, in Markdown.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiChangelog } from './api-changelog.ts';

console.log(
  apiChangelog({
    root: join(dirname(fileURLToPath(import.meta.url)), '../../..'),
    toolkitPackage: 'packages/rpc',
  }),
);
