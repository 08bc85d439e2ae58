// Front coding: the list sorted, each entry written as a capital letter saying how many leading
// characters it shares with the one before (A for none, at most Z for 25), then the rest. The
// entries are lower-case, so a capital only ever starts one. Gzipped, a third of the plain list.

const first = 'A'.charCodeAt(0);
const mostShared = 25;

export function encodePasswordList(entries: Iterable<string>): string {
  const sorted = [...new Set(entries)].sort();
  let previous = '';
  let encoded = '';
  for (const entry of sorted) {
    if (/[A-Z]/.test(entry)) throw new Error(`A front-coded entry must be lower-case: ${entry}`);
    let shared = 0;
    while (shared < mostShared && entry[shared] !== undefined && entry[shared] === previous[shared]) shared++;
    encoded += String.fromCharCode(first + shared) + entry.slice(shared);
    previous = entry;
  }
  return encoded;
}

export function decodePasswordList(encoded: string): string[] {
  const entries: string[] = [];
  let previous = '';
  for (const [, marker = 'A', rest = ''] of encoded.matchAll(/([A-Z])([^A-Z]*)/g)) {
    previous = previous.slice(0, marker.charCodeAt(0) - first) + rest;
    entries.push(previous);
  }
  return entries;
}
