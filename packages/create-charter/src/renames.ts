/** Who the new project is: its npm name, the scope of its packages, and where its source lives. */
export interface ProjectIdentity {
  /** The root package's name, such as `my-api`. */
  name: string;
  /** The npm scope of its packages, such as `@acme`: `@charter/rpc` becomes `@acme/rpc`. */
  scope: string;
  /** The git URL for the packages' `repository` fields. */
  repository: string;
}

const templateScope = '@charter/';
const namePattern = /^[a-z0-9][a-z0-9._~-]*$/;

/** Where a team's repository most often is: on GitHub, under the organisation named like the scope. */
export function defaultRepository(name: string, scope: string): string {
  return `git+https://github.com/${scope.replace(/^@/, '')}/${name}.git`;
}

/** Throws, saying what is wrong, unless the name and scope can be published to npm. */
export function assertValidIdentity(identity: ProjectIdentity): void {
  if (!namePattern.test(identity.name) || identity.name.length > 214) {
    throw new Error(
      `"${identity.name}" cannot be an npm package name: use lowercase letters, digits, "-", "." and "_".`,
    );
  }
  if (!/^@[a-z0-9][a-z0-9._~-]*$/.test(identity.scope)) {
    throw new Error(`"${identity.scope}" is not an npm scope: write it like @acme.`);
  }
}

/** A template file's text as the new project has it. */
export function renameText(path: string, text: string, identity: ProjectIdentity): string {
  let renamed = text
    .replaceAll(templateScope, `${identity.scope}/`)
    // as a regular expression literal spells it
    .replaceAll(templateScope.replace('/', '\\/'), `${identity.scope}\\/`);
  if (path === 'package.json' || path.endsWith('/package.json'))
    renamed = renameManifest(path, renamed, identity);
  if (path === 'README.md') renamed = renamed.replace(/^# Charter$/m, `# ${identity.name}`);
  if (path === 'pnpm-lock.yaml') renamed = withoutImporter(renamed, 'packages/create-charter');
  return renamed;
}

// Edits the text, not a parsed copy, so the file keeps the formatting the linter expects.
function renameManifest(path: string, text: string, identity: ProjectIdentity): string {
  let renamed = text.replace(/^ {2}"version": "[^"]*"/m, '  "version": "0.1.0"');
  if (path === 'package.json')
    renamed = renamed.replace(/^ {2}"name": "[^"]*"/m, `  "name": "${identity.name}"`);
  return renamed.replace(/^ {2}"repository": \{\n[\s\S]*?\n {2}\}/m, (block) =>
    block.replace(/"url": "[^"]*"/, `"url": ${JSON.stringify(identity.repository)}`),
  );
}

/** The lockfile without one workspace project's entry, for a project that is not copied. */
export function withoutImporter(lockfile: string, projectPath: string): string {
  const lines = lockfile.split('\n');
  const start = lines.indexOf(`  ${projectPath}:`);
  if (start === -1) return lockfile;
  let end = start + 1;
  while (end < lines.length && (lines[end] === '' || lines[end]?.startsWith('   '))) end++;
  // Keep the blank line that separates it from what follows.
  while (end > start + 1 && lines[end - 1] === '') end--;
  return [...lines.slice(0, start), ...lines.slice(end + 1)].join('\n');
}
