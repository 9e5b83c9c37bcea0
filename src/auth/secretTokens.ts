import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Opaque tokens for refresh, email verification, email change and password reset: 256 random
 * bits, base64url. Only their SHA-256 hash is stored, so the database alone cannot use them.
 */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A plain hash suffices: the tokens are random, so there is nothing to guess slowly. */
export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/**
 * Derives the refresh token that replaces a used one. Deriving it (instead of drawing a new
 * random one) lets the server hand the same new token to two tabs that refresh at once, without
 * ever storing a token: it recomputes it from the one presented.
 */
export class RefreshTokenChain {
  private readonly key: Buffer;

  constructor(serverSecret: string) {
    this.key = Buffer.from(
      hkdfSync('sha256', serverSecret, '', 'accounts-api refresh-token chain', 32),
    );
  }

  next(refreshToken: string): string {
    return createHmac('sha256', this.key).update(refreshToken, 'utf8').digest('base64url');
  }
}
