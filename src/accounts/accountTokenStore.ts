import { hashSecretToken, newSecretToken } from '../auth/secretTokens.js';
import type { Database, Queryable } from '../database/database.js';

/** What a single-use token sent by mail is for. */
export type TokenPurpose = 'verify_email' | 'change_email' | 'reset_password';

export interface NewAccountToken {
  userId: string;
  purpose: TokenPurpose;
  now: Date;
  validForSeconds: number;
  /** For change_email: the address to move to once confirmed. */
  newEmail?: string;
  newEmailKey?: string;
}

export interface TokenOwner {
  userId: string;
  newEmail: string | null;
  newEmailKey: string | null;
}

const usable = 't.usedAt IS NULL AND t.expiresAt > datetime($now)';

/** The Cypher of single-use mailed tokens, kept as (:User)-[:HAS_TOKEN]->(:AccountToken). */
export class AccountTokenStore {
  constructor(private readonly db: Database) {}

  /**
   * Makes a token and stores its hash; earlier tokens of the same purpose stop working.
   * Returns the token itself, for the message: it is not kept anywhere else.
   */
  async issue(q: Queryable, token: NewAccountToken): Promise<string> {
    const secret = newSecretToken();
    const expiresAt = new Date(token.now.getTime() + token.validForSeconds * 1000);
    // Locking the user first makes requests that issue tokens at once take turns, so each
    // sees the one before it and exactly one token of a kind stays live.
    await q.run(
      `MATCH (u:User {id: $userId})
       SET u.tokensChangedAt = datetime($now)
       WITH u
       OPTIONAL MATCH (u)-[:HAS_TOKEN]->(earlier:AccountToken {purpose: $purpose})
       WHERE earlier.usedAt IS NULL
       SET earlier.usedAt = datetime($now)
       WITH DISTINCT u
       CREATE (u)-[:HAS_TOKEN]->(:AccountToken {
         hash: $hash, purpose: $purpose, createdAt: datetime($now),
         expiresAt: datetime($expiresAt), newEmail: $newEmail, newEmailKey: $newEmailKey})`,
      {
        userId: token.userId,
        purpose: token.purpose,
        hash: hashSecretToken(secret),
        now: token.now.toISOString(),
        expiresAt: expiresAt.toISOString(),
        newEmail: token.newEmail ?? null,
        newEmailKey: token.newEmailKey ?? null,
      },
    );
    return secret;
  }

  /**
   * Makes the user's unused tokens of these purposes stop working: after a newer one is sent,
   * and when a password or address changes, so that no older link outlives what it was for.
   */
  async revoke(q: Queryable, userId: string, purposes: TokenPurpose[], now: Date): Promise<void> {
    await q.run(
      `MATCH (u:User {id: $userId})
       SET u.tokensChangedAt = datetime($now)
       WITH u
       OPTIONAL MATCH (u)-[:HAS_TOKEN]->(earlier:AccountToken)
       WHERE earlier.purpose IN $purposes AND earlier.usedAt IS NULL
       SET earlier.usedAt = datetime($now)`,
      { userId, purposes, now: now.toISOString() },
    );
  }

  /** The owner of a usable token, without using it up. */
  async find(token: string, purpose: TokenPurpose, now: Date): Promise<TokenOwner | undefined> {
    const [owner] = await this.db.read<TokenOwner>(
      `MATCH (u:User)-[:HAS_TOKEN]->(t:AccountToken {hash: $hash})
       WHERE t.purpose = $purpose AND ${usable}
       RETURN u.id AS userId, t.newEmail AS newEmail, t.newEmailKey AS newEmailKey`,
      { hash: hashSecretToken(token), purpose, now: now.toISOString() },
    );
    return owner;
  }

  /** Uses the token up and returns its owner; undefined when it is unknown, used or expired. */
  async consume(
    q: Queryable,
    token: string,
    purpose: TokenPurpose,
    now: Date,
  ): Promise<TokenOwner | undefined> {
    // Writing first takes the node's lock, so of two requests racing with one token, the
    // second reads usedAt only after the first has committed it: a token works once.
    const [owner] = await q.run<TokenOwner>(
      `MATCH (u:User)-[:HAS_TOKEN]->(t:AccountToken {hash: $hash})
       WHERE t.purpose = $purpose
       SET t.lockedAt = datetime($now)
       WITH u, t
       WHERE ${usable}
       SET t.usedAt = datetime($now)
       RETURN u.id AS userId, t.newEmail AS newEmail, t.newEmailKey AS newEmailKey`,
      { hash: hashSecretToken(token), purpose, now: now.toISOString() },
    );
    return owner;
  }
}
