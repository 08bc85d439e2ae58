import { decodePasswordList } from './password-list.ts';

// What NIST SP 800-63B (§3.1.1.2) asks of a new password beyond its length: not a common or
// breached one, and not trivially repetitive or sequential. Log-in never applies these rules.

/** Walks along a keyboard, or counting past 9, that consecutive code points do not follow. */
const walks = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1234567890', '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p'];

/** How many maximal runs a password falls into, each character in a run one code point from the last, or the same. */
function runsOf(password: string): number {
  const points = [...password].map((char) => char.codePointAt(0) ?? 0);
  let runs = 1;
  let step: number | undefined;
  for (let i = 1; i < points.length; i++) {
    const next = (points[i] ?? 0) - (points[i - 1] ?? 0);
    if (Math.abs(next) <= 1 && (step === undefined || next === step)) step = next;
    else {
      runs += 1;
      step = undefined;
    }
  }
  return runs;
}

/** A shorter text repeated over the whole password: `abcabcabc`, `passwordpassword`. */
function isRepetition(password: string): boolean {
  return /^(.+?)\1+$/su.test(password);
}

function isKeyboardWalk(password: string): boolean {
  const lower = password.toLowerCase();
  const reversed = [...lower].reverse().join('');
  return walks.some((walk) => walk.includes(lower) || walk.includes(reversed));
}

/**
 * Whether a password is trivially repetitive or sequential: one character throughout (`aaaaaaaa`,
 * twelve spaces), one or two counting runs (`12345678`, `zyxwvuts`, `abcd1234`), a shorter text
 * repeated, or a keyboard walk (`qwertyuiop`).
 */
export function isTriviallyRepetitive(password: string): boolean {
  return runsOf(password) <= 2 || isRepetition(password) || isKeyboardWalk(password);
}

let commonPasswords: ReadonlySet<string> = new Set();
let loading: Promise<void> | undefined;

/**
 * Loads the list of common and breached passwords (zxcvbn's, ~18,000 of a length a new password
 * may have: common-passwords.gen.ts, 47 KB gzipped) for `isCommonPassword`. Whoever accepts new
 * passwords loads it first: the server before it serves, a web app when someone is about to pick
 * one, so it stays out of the app's first download. A failed load (offline) is tried again.
 */
export function loadCommonPasswords(): Promise<void> {
  loading ??= import('./common-passwords.gen.ts').then(
    ({ commonPasswords: encoded }) => {
      commonPasswords = new Set(decodePasswordList(encoded));
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/**
 * Whether a password is on the list of common and breached passwords, whatever its letter case.
 * Until `loadCommonPasswords` has finished the list is empty, and nothing is.
 */
export function isCommonPassword(password: string): boolean {
  return commonPasswords.has(password.toLowerCase());
}
