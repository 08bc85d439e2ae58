// `prepack` puts the template into dist/template, so the published create-charter carries it;
// `postpack` (with --remove) takes it away again, so builds and caches never hold a copy of the repo.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listTemplateFiles, packedPath } from './template-files.ts';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const templateDir = fileURLToPath(new URL('./template/', import.meta.url));

rmSync(templateDir, { recursive: true, force: true });
if (!process.argv.includes('--remove')) {
  const files = listTemplateFiles(repositoryRoot);
  for (const path of files) {
    const destination = join(templateDir, packedPath(path));
    mkdirSync(dirname(destination), { recursive: true });
    copyFileSync(join(repositoryRoot, path), destination);
  }
  console.log(`create-charter: ${files.length} template files in ${templateDir}`);
}
