import { createHmac, timingSafeEqual } from 'node:crypto';

/** The claims EasyCars puts in its tokens, and nothing else. */
export interface TokenClaims {
  ClientID: string;
  nbf: number;
  iat: number;
  exp: number;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function signature(input: string, key: Buffer): Buffer {
  return createHmac('sha256', key).update(input).digest();
}

export function signJwt(claims: TokenClaims, key: Buffer): string {
  const body = { ClientID: claims.ClientID, nbf: claims.nbf, iat: claims.iat, exp: claims.exp };
  const input = `${HEADER}.${Buffer.from(JSON.stringify(body)).toString('base64url')}`;
  return `${input}.${signature(input, key).toString('base64url')}`;
}

function parseJson(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Claims of a well-formed HS256 token signed with `key`, or null. Lifetime is checked by the caller. */
export function verifyJwt(token: string, key: Buffer): TokenClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [headerPart, payloadPart, signaturePart] = parts;
  const header = parseJson(headerPart) as { alg?: unknown } | undefined;
  if (!header || typeof header !== 'object' || header.alg !== 'HS256') return null;
  const given = Buffer.from(signaturePart, 'base64url');
  const expected = signature(`${headerPart}.${payloadPart}`, key);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const payload = parseJson(payloadPart) as Partial<TokenClaims> | undefined;
  if (!payload || typeof payload !== 'object') return null;
  const { ClientID, nbf, iat, exp } = payload;
  if (typeof ClientID !== 'string' || typeof nbf !== 'number' || typeof iat !== 'number' || typeof exp !== 'number') {
    return null;
  }
  return { ClientID, nbf, iat, exp };
}
