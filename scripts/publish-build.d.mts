/** A directory to build into, inside `target`; see publish-build.mjs. */
export function stagingDir(target: string): string;
/** Moves the build in `staging` into `target` file by file, `entries` last; see publish-build.mjs. */
export function publishBuild(options: {
  staging: string;
  target: string;
  entries?: string[];
  inputs?: string | null;
}): void;
/** The fingerprint `target`'s current build was made from, if it recorded one. */
export function builtFrom(target: string): string | null;
