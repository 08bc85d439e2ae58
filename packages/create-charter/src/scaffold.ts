import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { assertValidIdentity, type ProjectIdentity, renameText } from './renames.ts';
import { listTemplateFiles, unpackedPath } from './template-files.ts';

export interface ScaffoldOptions extends ProjectIdentity {
  /** The template: this repository's checkout, or the copy packed into create-charter. */
  from: string;
  /** The new project's directory; it must not exist or be empty. */
  to: string;
}

export interface Scaffolded {
  /** Every path written, relative to the project. */
  written: string[];
  /** Those whose text the renames changed. */
  renamed: string[];
}

/** Copies the template into a new project under its own name and scope. */
export function scaffold(options: ScaffoldOptions): Scaffolded {
  const { from, to, ...identity } = options;
  assertValidIdentity(identity);
  if (existsSync(to) && readdirSync(to).length > 0) {
    throw new Error(`${to} already exists and is not empty; pick a new directory.`);
  }
  const written: string[] = [];
  const renamed: string[] = [];
  for (const path of listTemplateFiles(from)) {
    const target = unpackedPath(path);
    const source = join(from, path);
    const destination = join(to, target);
    mkdirSync(dirname(destination), { recursive: true });
    const content = readFileSync(source);
    if (isText(content)) {
      const text = content.toString('utf8');
      const result = renameText(target, text, identity);
      writeFileSync(destination, result);
      if (result !== text) renamed.push(target);
      // npm tarballs keep no file modes but the bins', so scripts get theirs back from their shebang.
      if (text.startsWith('#!')) chmodSync(destination, 0o755);
    } else {
      copyFileSync(source, destination);
    }
    written.push(target);
  }
  return { written, renamed };
}

// The way git tells them apart: a NUL byte in the first 8000 bytes means binary.
function isText(content: Buffer): boolean {
  return !content.subarray(0, 8000).includes(0);
}
