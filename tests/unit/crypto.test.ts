import { createCipheriv, randomBytes } from 'crypto';
import {
  DecryptionError,
  EncryptionKeyError,
  decrypt,
  encrypt,
  isEncrypted,
  isLegacy,
  keyId,
  loadKey,
  parseKey,
} from '../../plugins/easycars/server/src/connections/crypto';

const key = randomBytes(32);
const otherKey = randomBytes(32);
const secret = '6f1c2b9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f';
/** Where the credentials may be sent: the value is sealed for it. */
const target = 'https://testmy.easycars.com.au/TestECService';

/** Flips one character of one part of the stored value, keeping it valid base64url. */
function alter(stored: string, partIndex: number): string {
  const parts = stored.split(':');
  const part = parts[partIndex];
  parts[partIndex] = (part[0] === 'A' ? 'B' : 'A') + part.slice(1);
  return parts.join(':');
}

describe('credential encryption (AES-256-GCM, versioned format)', () => {
  it('round-trips and never stores the plaintext', () => {
    const stored = encrypt(secret, key, target);
    expect(stored.startsWith('v2:')).toBe(true);
    expect(stored).not.toContain(secret);
    expect(isEncrypted(stored)).toBe(true);
    expect(decrypt(stored, key, target)).toBe(secret);
  });

  it('uses a random IV: the same value encrypts differently each time', () => {
    const a = encrypt(secret, key, target);
    const b = encrypt(secret, key, target);
    expect(a).not.toBe(b);
    expect(a.split(':')[2]).not.toBe(b.split(':')[2]);
  });

  it.each([
    ['the IV', 2],
    ['the auth tag', 3],
    ['the ciphertext', 4],
  ])('rejects a value whose %s was altered', (_name, index) => {
    const stored = encrypt(secret, key, target);
    expect(() => decrypt(alter(stored, index), key, target)).toThrow(DecryptionError);
    try {
      decrypt(alter(stored, index), key, target);
    } catch (error) {
      expect((error as DecryptionError).reason).toBe('tampered');
    }
  });

  it('reads a value back only for the place it was sealed for', () => {
    const stored = encrypt(secret, key, target);
    expect(() => decrypt(stored, key, 'http://127.0.0.1:4099/TestECService')).toThrow(
      expect.objectContaining({ reason: 'tampered' })
    );
    expect(decrypt(stored, key, target)).toBe(secret);
  });

  it('still reads a v1 value (sealed before places were bound), and marks it for re-sealing', () => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url'));
    const legacy = ['v1', keyId(key), ...parts].join(':');
    expect(isEncrypted(legacy)).toBe(true);
    expect(isLegacy(legacy)).toBe(true);
    expect(decrypt(legacy, key, 'anywhere')).toBe(secret);
    expect(isLegacy(encrypt(secret, key, target))).toBe(false);
  });

  it('tells a value encrypted with another key apart', () => {
    const stored = encrypt(secret, otherKey, target);
    expect(() => decrypt(stored, key, target)).toThrow(expect.objectContaining({ reason: 'wrong-key' }));
  });

  it('rejects a value in an unknown format, and never echoes the value', () => {
    expect(() => decrypt(secret, key, target)).toThrow(expect.objectContaining({ reason: 'unknown-format' }));
    try {
      decrypt(secret, key, target);
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
    expect(() => loadKey({ NODE_ENV: 'development', EASYCARS_ENCRYPTION_KEY: 'not-a-key' })).toThrow(
      EncryptionKeyError
    );
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
