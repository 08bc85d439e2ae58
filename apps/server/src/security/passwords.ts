import { loadCommonPasswords } from '@charter/contract';
import { type Algorithm, hash, verify } from '@node-rs/argon2';

/** argon2id at OWASP's minimum: 19 MiB of memory, 2 passes, 1 lane. */
export const passwordHashParameters = {
  // The package exports Algorithm as a const enum, which isolated modules cannot read at run time.
  algorithm: 2 satisfies Algorithm.Argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, passwordHashParameters);
}

/** How many argon2 verifications this process has run; what the HTTP Basic cache is there to save. */
export const passwordVerifications = { count: 0 };

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  passwordVerifications.count += 1;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash refuses, it does not crash the log-in
  }
}

let decoyHash: Promise<string> | undefined;

function decoy(): Promise<string> {
  decoyHash ??= hashPassword('decoy password that no account has');
  return decoyHash;
}

/**
 * What password checks need before the server serves: the decoy's hash, so not even the first
 * log-in for an unknown email answers differently, and the list of common and breached passwords,
 * without which the contract's rule for a new password would let every one of them through.
 */
export async function preparePasswordChecks(): Promise<void> {
  await Promise.all([decoy(), loadCommonPasswords()]);
}

/**
 * Spends the same time as checking a real password, then refuses: log-in for an unknown email must
 * not answer faster than for a known one.
 */
export async function verifyDecoy(password: string): Promise<false> {
  await verifyPassword(await decoy(), password);
  return false;
}
