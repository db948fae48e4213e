import { randomBytes } from 'crypto';
import {
  DecryptionError,
  EncryptionKeyError,
  decrypt,
  encrypt,
  isEncrypted,
  loadKey,
  parseKey,
} from '../../plugins/easycars/server/src/connections/crypto';

const key = randomBytes(32);
const otherKey = randomBytes(32);
const secret = '6f1c2b9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f';

/** Flips one character of one part of the stored value, keeping it valid base64url. */
function alter(stored: string, partIndex: number): string {
  const parts = stored.split(':');
  const part = parts[partIndex];
  parts[partIndex] = (part[0] === 'A' ? 'B' : 'A') + part.slice(1);
  return parts.join(':');
}

describe('credential encryption (AES-256-GCM, versioned format)', () => {
  it('round-trips and never stores the plaintext', () => {
    const stored = encrypt(secret, key);
    expect(stored.startsWith('v1:')).toBe(true);
    expect(stored).not.toContain(secret);
    expect(isEncrypted(stored)).toBe(true);
    expect(decrypt(stored, key)).toBe(secret);
  });

  it('uses a random IV: the same value encrypts differently each time', () => {
    const a = encrypt(secret, key);
    const b = encrypt(secret, key);
    expect(a).not.toBe(b);
    expect(a.split(':')[2]).not.toBe(b.split(':')[2]);
  });

  it.each([
    ['the IV', 2],
    ['the auth tag', 3],
    ['the ciphertext', 4],
  ])('rejects a value whose %s was altered', (_name, index) => {
    const stored = encrypt(secret, key);
    expect(() => decrypt(alter(stored, index), key)).toThrow(DecryptionError);
    try {
      decrypt(alter(stored, index), key);
    } catch (error) {
      expect((error as DecryptionError).reason).toBe('tampered');
    }
  });

  it('tells a value encrypted with another key apart', () => {
    const stored = encrypt(secret, otherKey);
    expect(() => decrypt(stored, key)).toThrow(expect.objectContaining({ reason: 'wrong-key' }));
  });

  it('rejects a value in an unknown format, and never echoes the value', () => {
    expect(() => decrypt(secret, key)).toThrow(expect.objectContaining({ reason: 'unknown-format' }));
    try {
      decrypt(secret, key);
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(secret);
    }
  });
});

describe('encryption key loading', () => {
  it('accepts 32 bytes as base64 or hex', () => {
    expect(parseKey(key.toString('base64')).equals(key)).toBe(true);
    expect(parseKey(key.toString('hex')).equals(key)).toBe(true);
  });

  it.each(['short', randomBytes(16).toString('base64'), randomBytes(31).toString('hex'), 'x'.repeat(44)])(
    'rejects the malformed key %p with a clear message',
    (raw) => {
      expect(() => parseKey(raw)).toThrow(EncryptionKeyError);
      expect(() => parseKey(raw)).toThrow(/EASYCARS_ENCRYPTION_KEY must be 32 random bytes/);
    }
  );

  it('refuses to start in production without a key', () => {
    expect(() => loadKey({ NODE_ENV: 'production' })).toThrow(/EASYCARS_ENCRYPTION_KEY is not set/);
  });

  it('refuses a malformed key in any environment', () => {
    expect(() => loadKey({ NODE_ENV: 'development', EASYCARS_ENCRYPTION_KEY: 'not-a-key' })).toThrow(EncryptionKeyError);
  });

  it('derives a stable development key outside production and says so', () => {
    const a = loadKey({ NODE_ENV: 'development', APP_KEYS: 'a,b' });
    const b = loadKey({ NODE_ENV: 'development', APP_KEYS: 'a,b' });
    expect(a.derived).toBe(true);
    expect(a.key.equals(b.key)).toBe(true);
    expect(a.key.equals(loadKey({ NODE_ENV: 'development', APP_KEYS: 'c' }).key)).toBe(false);
  });

  it('uses the configured key when set', () => {
    const loaded = loadKey({ NODE_ENV: 'production', EASYCARS_ENCRYPTION_KEY: key.toString('base64') });
    expect(loaded.derived).toBe(false);
    expect(loaded.key.equals(key)).toBe(true);
  });
});
