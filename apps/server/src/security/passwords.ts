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

/** Hashes the decoy at startup, so not even the first log-in for an unknown email answers differently. */
export function prepareDecoy(): Promise<string> {
  decoyHash ??= hashPassword('decoy password that no account has');
  return decoyHash;
}

/**
 * Spends the same time as checking a real password, then refuses: log-in for an unknown email must
 * not answer faster than for a known one.
 */
export async function verifyDecoy(password: string): Promise<false> {
  await verifyPassword(await prepareDecoy(), password);
  return false;
}
