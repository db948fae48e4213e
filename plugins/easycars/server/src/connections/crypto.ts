/**
 * Credentials at rest: AES-256-GCM with a random 96-bit IV and the auth tag, in a versioned text format
 *   v2:<key id>:<iv>:<tag>:<ciphertext>   (base64url parts)
 * The key id (a short hash of the key) tells "encrypted with another key" apart from "tampered with".
 * v2 binds the value to a context (where the credentials may be sent) as GCM associated data: a value read back
 * under another context fails its integrity check, so moving a connection elsewhere in the database alone never
 * sends its secrets there. v1 values (no context) are still read, and re-sealed as v2 at start.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'crypto';

const FORMAT_VERSION = 'v2';
const LEGACY_VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';

export class EncryptionKeyError extends Error {
  name = 'EncryptionKeyError';
}

/** A stored value that cannot be read back: the key changed, or the value was altered. */
export class DecryptionError extends Error {
  name = 'DecryptionError';
  constructor(readonly reason: 'wrong-key' | 'tampered' | 'unknown-format') {
    super(
      reason === 'wrong-key'
        ? 'The value was encrypted with another key'
        : reason === 'tampered'
          ? 'The value failed its integrity check'
          : 'The value is not in a known encrypted format'
    );
  }
}

/** Accepts 32 bytes as base64 (44 chars) or hex (64 chars). */
export function parseKey(raw: string): Buffer {
  const value = raw.trim();
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32 || (!/^[0-9a-f]{64}$/i.test(value) && key.toString('base64') !== value)) {
    throw new EncryptionKeyError(
      'EASYCARS_ENCRYPTION_KEY must be 32 random bytes, base64-encoded (openssl rand -base64 32) or 64 hex characters'
    );
  }
  return key;
}

/**
 * The key from the environment. In production a missing key is fatal; elsewhere a development key derived from
 * the app keys keeps the demo and tests running (never use that in production).
 */
export function loadKey(env: NodeJS.ProcessEnv = process.env): { key: Buffer; derived: boolean } {
  const raw = env.EASYCARS_ENCRYPTION_KEY;
  if (raw && raw.trim() !== '') return { key: parseKey(raw), derived: false };
  if (env.NODE_ENV === 'production') {
    throw new EncryptionKeyError(
      'EASYCARS_ENCRYPTION_KEY is not set. Set it to 32 random bytes, base64-encoded (openssl rand -base64 32), ' +
        'before starting in production.'
    );
  }
  const seed = `easycars-development-key:${env.APP_KEYS ?? ''}`;
  return { key: createHash('sha256').update(seed).digest(), derived: true };
}

export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 8);
}

export function encrypt(plaintext: string, key: Buffer, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [
    FORMAT_VERSION,
    keyId(key),
    iv.toString('base64url'),
    tag.toString('base64url'),
    ciphertext.toString('base64url'),
  ].join(':');
}

/** Reads a value sealed for `context` (a v1 value, from before contexts, is read whatever the context). */
export function decrypt(stored: string, key: Buffer, context: string): string {
  const parts = stored.split(':');
  if (parts.length !== 5 || (parts[0] !== FORMAT_VERSION && parts[0] !== LEGACY_VERSION)) {
    throw new DecryptionError('unknown-format');
  }
  const [version, storedKeyId, iv, tag, ciphertext] = parts;
  if (storedKeyId !== keyId(key)) throw new DecryptionError('wrong-key');
  try {
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64url'));
    if (version === FORMAT_VERSION) decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new DecryptionError('tampered');
  }
}

export function isEncrypted(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    (value.startsWith(`${FORMAT_VERSION}:`) || value.startsWith(`${LEGACY_VERSION}:`)) &&
    value.split(':').length === 5
  );
}

/** A value sealed before contexts existed: re-sealed for its connection's target at start. */
export function isLegacy(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith(`${LEGACY_VERSION}:`);
}
