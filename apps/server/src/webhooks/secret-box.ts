import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { sharedSecret } from '../security/server-secrets.ts';

/**
 * Seals signing secrets with AES-256-GCM under a key every server process shares (server_secrets),
 * so a copy of the endpoints table alone does not let anyone forge deliveries.
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static async load(db: Kysely<Database>): Promise<SecretBox> {
    const key = Buffer.from(await sharedSecret(db, 'webhook-secret-key'), 'base64url');
    return new SecretBox(key);
  }

  /** `v1.<iv>.<tag>.<ciphertext>`, base64url. */
  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), sealed]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  open(sealed: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('Not a sealed webhook secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}

const boxes = new WeakMap<Kysely<Database>, Promise<SecretBox>>();

/** The box of a database's key, loaded once per database handle (a failed load is tried again). */
export function secretBoxOf(db: Kysely<Database>): Promise<SecretBox> {
  let box = boxes.get(db);
  if (!box) {
    box = SecretBox.load(db);
    boxes.set(db, box);
    box.catch(() => boxes.delete(db));
  }
  return box;
}
