/** A hash of every file under `paths` (relative to `root`), names and contents; see build-fingerprint.mjs. */
export function buildFingerprint(root: string, paths: string[]): string;
