import { createHmac, randomBytes } from 'node:crypto';
import type { EasyCarsService } from '../plugins/easycars/shared/easycars/api';
import { signJwt, verifyJwt } from './jwt';

export const TOKEN_LIFETIME_SECONDS = 600;

/**
 * Issues and checks the per-service tokens. Each service signs with its own key, so a Stock token fails at the
 * Lead service; bumping the generation changes both keys, which invalidates every token issued before.
 */
export class TokenIssuer {
  private readonly instanceKey = randomBytes(32);
  private generation = 0;

  private keyFor(service: EasyCarsService): Buffer {
    return createHmac('sha256', this.instanceKey).update(`${service}:${this.generation}`).digest();
  }

  issue(service: EasyCarsService, clientId: string, nowMs = Date.now()): string {
    const iat = Math.floor(nowMs / 1000);
    return signJwt({ ClientID: clientId, nbf: iat, iat, exp: iat + TOKEN_LIFETIME_SECONDS }, this.keyFor(service));
  }

  /** The ClientID of a token that is valid right now for `service`, or null. */
  verify(service: EasyCarsService, token: string, nowMs = Date.now()): string | null {
    const claims = verifyJwt(token, this.keyFor(service));
    if (!claims) return null;
    const now = Math.floor(nowMs / 1000);
    if (claims.nbf > now || claims.exp <= now) return null;
    return claims.ClientID;
  }

  invalidateAll(): void {
    this.generation += 1;
  }
}
