import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Names the template's files travel under inside the create-charter tarball: npm takes `.gitignore`
// files for ignore rules, and linters take nested `package.json` files for the package's own.
const packedNames: Readonly<Record<string, string>> = {
  '.gitignore': '_gitignore',
  'package.json': '_package.json',
};
const unpackedNames = Object.fromEntries(Object.entries(packedNames).map(([name, packed]) => [packed, name]));

/** The path a template file has inside the published create-charter. */
export function packedPath(path: string): string {
  return renameBase(path, packedNames);
}

/** The path a file of the published template has in a new project. */
export function unpackedPath(path: string): string {
  return renameBase(path, unpackedNames);
}

function renameBase(path: string, names: Readonly<Record<string, string>>): string {
  const slash = path.lastIndexOf('/') + 1;
  return path.slice(0, slash) + (names[path.slice(slash)] ?? path.slice(slash));
}

type IgnoreRule = (path: string, isDirectory: boolean) => boolean;

/**
 * The rules of a `.gitignore` file, for the forms this repository uses: `name`, `*.ext`, `dir/` (at any
 * depth) and `some/path/` (from the root), with `*` and `?` inside a segment.
 */
export function gitignoreRules(text: string): IgnoreRule {
  const rules = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map(parseRule);
  return (path, isDirectory) => rules.some((rule) => rule(path, isDirectory));
}

function parseRule(pattern: string): IgnoreRule {
  if (pattern.startsWith('!') || pattern.includes('**') || pattern.includes('[')) {
    throw new Error(
      `.gitignore pattern "${pattern}" is not supported by create-charter; use plain names and *`,
    );
  }
  const directoryOnly = pattern.endsWith('/');
  const body = pattern.replace(/^\/|\/$/g, '');
  const anchored = body.includes('/');
  const expression = new RegExp(
    `^${body
      .split('')
      .map((char) =>
        char === '*' ? '[^/]*' : char === '?' ? '[^/]' : char.replace(/[.+^${}()|\\]/g, '\\$&'),
      )
      .join('')}$`,
  );
  return (path, isDirectory) => {
    if (directoryOnly && !isDirectory) return false;
    return expression.test(anchored ? path : (path.split('/').pop() ?? path));
  };
}

/**
 * Whether a path of the repository stays out of a new project, whatever `.gitignore` says: version
 * control, installs, the scaffolder itself, and this repository's own release history.
 */
export function isLeftOut(path: string): boolean {
  const name = path.split('/').pop() ?? path;
  return (
    name === '.git' ||
    name === 'node_modules' ||
    name === 'CHANGELOG.md' ||
    // The scaffolder, and its test, stay with this repository.
    path === 'packages/create-charter' ||
    path === 'tooling/package-tests/tests/create-charter.test.ts' ||
    // Pending changesets describe this repository's next release, not the new project's.
    (path.startsWith('.changeset/') && path.endsWith('.md') && path !== '.changeset/README.md')
  );
}

/** Every file a new project gets from `root`, as sorted `/`-separated paths relative to it. */
export function listTemplateFiles(root: string): string[] {
  const gitignorePath = [join(root, '.gitignore'), join(root, packedPath('.gitignore'))].find(existsSync);
  const ignored = gitignorePath ? gitignoreRules(readFileSync(gitignorePath, 'utf8')) : () => false;
  const files: string[] = [];
  const walk = (directory: string, prefix: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = prefix + entry.name;
      const isDirectory = entry.isDirectory();
      if (isLeftOut(path) || ignored(path, isDirectory)) continue;
      if (isDirectory) walk(join(directory, entry.name), `${path}/`);
      else if (entry.isFile()) files.push(path);
    }
  };
  walk(root, '');
  return files.sort();
}
