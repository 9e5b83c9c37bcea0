import { createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import type { Clock } from '../clock.js';

/** The only algorithm accepted, so a token cannot choose how it is checked (RFC 8725). */
const ALGORITHM = 'HS256';
const CLOCK_TOLERANCE_SECONDS = 30;

export interface AccessTokenSettings {
  secret: string;
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
}

const claimsShape = z.object({
  sub: z.string().min(1),
  sid: z.string().min(1),
  jti: z.string().min(1),
  iat: z.number().int(),
  exp: z.number().int(),
  iss: z.string(),
  aud: z.string(),
});

/** The verified claims that reach @neo4j/graphql as `jwt`. */
export type AccessTokenClaims = z.infer<typeof claimsShape>;

export interface IssuedAccessToken {
  accessToken: string;
  expiresAt: Date;
}

export class AccessTokens {
  /**
   * The secret as a key object: given a string, jsonwebtoken first tries to read it as a
   * public key on every call, and that failed attempt was a tenth of a `me` request's CPU time.
   */
  private readonly key: KeyObject;

  constructor(
    private readonly settings: AccessTokenSettings,
    private readonly clock: Clock,
  ) {
    this.key = createSecretKey(Buffer.from(settings.secret, 'utf8'));
  }

  /** A token for the session, valid for ACCESS_TOKEN_TTL but never past the session's end. */
  issue(userId: string, sessionId: string, sessionExpiresAt: Date): IssuedAccessToken {
    const issuedAt = Math.floor(this.clock.now().getTime() / 1000);
    const sessionEnd = Math.floor(sessionExpiresAt.getTime() / 1000);
    const expiresAt = Math.min(issuedAt + this.settings.accessTokenTtlSeconds, sessionEnd);
    const claims = {
      sub: userId,
      sid: sessionId,
      jti: randomUUID(),
      iat: issuedAt,
      exp: expiresAt,
    };
    const accessToken = jwt.sign(claims, this.key, {
      algorithm: ALGORITHM,
      issuer: this.settings.issuer,
      audience: this.settings.audience,
    });
    return { accessToken, expiresAt: new Date(expiresAt * 1000) };
  }

  /** The token's claims when its signature, algorithm and every required claim check out. */
  verify(accessToken: string): AccessTokenClaims | undefined {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    try {
      const payload = jwt.verify(accessToken, this.key, {
        algorithms: [ALGORITHM],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        clockTimestamp: now,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      // jsonwebtoken accepts a token without `exp`; the shape check refuses it.
      const claims = claimsShape.safeParse(payload);
      if (!claims.success) return undefined;

      // Nor does it check that a token was not issued in the future.
      const { iat, exp } = claims.data;
      return iat <= now + CLOCK_TOLERANCE_SECONDS && exp > iat ? claims.data : undefined;
    } catch {
      return undefined;
    }
  }
}
