#!/usr/bin/env node
// `npm create charter@latest my-api -- --scope @acme`: a new contract-first API from the Charter template.
import { existsSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatRenamed } from './format-project.ts';
import { defaultRepository } from './renames.ts';
import { scaffold } from './scaffold.ts';

const usage = `Usage: npm create charter@latest <directory> -- [--scope @acme] [--name my-api] [--repository <git url>]

  <directory>     where to create the project (must not exist, or be empty)
  --scope         the npm scope of its packages           (default: @<name>)
  --name          the root package's name                 (default: the directory's name)
  --repository    git URL for the packages' "repository"  (default: git+https://github.com/<scope>/<name>.git)`;

// Published, the template travels in dist/template; in a checkout of the repository, it is the checkout.
const packagedTemplate = fileURLToPath(new URL('./template/', import.meta.url));
const checkout = fileURLToPath(new URL('../../../', import.meta.url));

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      scope: { type: 'string' },
      name: { type: 'string' },
      repository: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [directory] = positionals;
  if (values.help || !directory || positionals.length > 1) {
    console.log(usage);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const to = resolve(directory);
  const name = values.name ?? basename(to);
  const scope = values.scope ? `@${values.scope.replace(/^@/, '')}` : `@${name}`;
  const from = existsSync(packagedTemplate) ? packagedTemplate : checkout;
  const repository = values.repository ?? defaultRepository(name, scope);
  const { written, renamed } = scaffold({ from, to, name, scope, repository });
  const unformatted = formatRenamed(to, renamed);
  if (unformatted) console.warn(`${unformatted}\nRun \`pnpm format\` once after installing.`);
  console.log(`Created ${name} (${scope}/*) in ${to}: ${written.length} files.
Its packages name ${repository} as their repository (--repository to change it).

Next:
  cd ${relative(process.cwd(), to) || '.'}
  npm test     # installs the pinned pnpm and the workspace, then lints, type-checks and runs every test
  npm start    # serves the API on http://127.0.0.1:3000

Add procedures in packages/contract/src/procedures/, their handlers in apps/server/src/procedures/.`);
}

try {
  main();
} catch (error) {
  console.error(`create-charter: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
