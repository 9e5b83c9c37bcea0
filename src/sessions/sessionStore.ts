import { accountView, type AccountView } from '../accounts/accountStore.js';
import type { Database, Queryable } from '../database/database.js';

/** A session as its owner sees it in `sessions`. */
export interface SessionView {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  userAgent: string | null;
}

export interface NewSession {
  userId: string;
  sessionId: string;
  refreshTokenHash: string;
  userAgent: string | null;
  now: Date;
  expiresAt: Date;
  absoluteExpiresAt: Date;
}

/** What a refresh token leads to: its session, and whether that session may still be used. */
export interface RefreshTarget {
  userId: string;
  sessionId: string;
  live: boolean;
  absoluteExpiresAt: string;
  /** For a used token: when it was traded, and the hash of the token that replaced it. */
  usedAt?: string;
  currentHash?: string;
}

const live = 's.revokedAt IS NULL AND s.expiresAt > datetime($now)';

/**
 * The Cypher of sessions. A session holds only the hash of its current refresh token; each
 * traded-in token stays as a UsedRefreshToken, so presenting it again is recognised as reuse.
 */
export class SessionStore {
  constructor(private readonly db: Database) {}

  /** Creates a session and returns its owner's account, or nothing if the user is gone. */
  async create(q: Queryable, session: NewSession): Promise<AccountView | undefined> {
    const [created] = await q.run<{ user: AccountView }>(
      `MATCH (u:User {id: $userId})
       CREATE (u)-[:HAS_SESSION]->(:Session {
         id: $sessionId, createdAt: datetime($now), lastUsedAt: datetime($now),
         expiresAt: datetime($expiresAt), absoluteExpiresAt: datetime($absoluteExpiresAt),
         userAgent: $userAgent, refreshTokenHash: $refreshTokenHash})
       RETURN ${accountView} AS user`,
      {
        ...session,
        now: session.now.toISOString(),
        expiresAt: session.expiresAt.toISOString(),
        absoluteExpiresAt: session.absoluteExpiresAt.toISOString(),
      },
    );
    return created?.user;
  }

  async findByRefreshTokenHash(hash: string, now: Date): Promise<RefreshTarget | undefined> {
    const [current] = await this.db.read<RefreshTarget>(
      `MATCH (u:User)-[:HAS_SESSION]->(s:Session {refreshTokenHash: $hash})
       RETURN u.id AS userId, s.id AS sessionId, ${live} AS live,
              toString(s.absoluteExpiresAt) AS absoluteExpiresAt`,
      { hash, now: now.toISOString() },
    );
    if (current) return current;

    const [used] = await this.db.read<RefreshTarget>(
      `MATCH (u:User)-[:HAS_SESSION]->(s:Session)-[:USED_REFRESH_TOKEN]->(t:UsedRefreshToken {hash: $hash})
       RETURN u.id AS userId, s.id AS sessionId, ${live} AS live,
              toString(s.absoluteExpiresAt) AS absoluteExpiresAt,
              toString(t.usedAt) AS usedAt, s.refreshTokenHash AS currentHash`,
      { hash, now: now.toISOString() },
    );
    return used;
  }

  /**
   * Trades the used token's hash for the new one's and extends the idle expiry, but only while
   * the session is live and still holds `expectedHash` (or already `newHash`, when a twin
   * request did the same trade). Locking the session first makes racing trades, logouts and
   * password changes take turns; undefined when the session changed under this request.
   */
  async rotate(
    sessionId: string,
    rotation: {
      usedHash: string;
      expectedHash: string;
      newHash: string;
      now: Date;
      expiresAt: Date;
    },
  ): Promise<AccountView | undefined> {
    const [rotated] = await this.db.run<{ user: AccountView }>(
      `MATCH (u:User)-[:HAS_SESSION]->(s:Session {id: $sessionId})
       SET s.lockedAt = datetime($now)
       WITH u, s
       WHERE ${live} AND s.refreshTokenHash IN [$expectedHash, $newHash]
       MERGE (used:UsedRefreshToken {hash: $usedHash})
         ON CREATE SET used.usedAt = datetime($now)
       MERGE (s)-[:USED_REFRESH_TOKEN]->(used)
       SET s.refreshTokenHash = $newHash, s.lastUsedAt = datetime($now),
           s.expiresAt = datetime($expiresAt)
       RETURN ${accountView} AS user`,
      {
        sessionId,
        ...rotation,
        now: rotation.now.toISOString(),
        expiresAt: rotation.expiresAt.toISOString(),
      },
    );
    return rotated?.user;
  }

  /**
   * Gives a live session a new refresh token (after a password change). The old one becomes
   * unknown rather than used: if it was stolen, presenting it fails without ending the session
   * of the owner who just changed the password. Returns the session's expiry.
   */
  async reissue(
    q: Queryable,
    sessionId: string,
    newHash: string,
    now: Date,
  ): Promise<string | undefined> {
    const [session] = await q.run<{ expiresAt: string }>(
      `MATCH (s:Session {id: $sessionId})
       SET s.lockedAt = datetime($now)
       WITH s
       WHERE ${live}
       SET s.refreshTokenHash = $newHash
       RETURN toString(s.expiresAt) AS expiresAt`,
      { sessionId, newHash, now: now.toISOString() },
    );
    return session?.expiresAt;
  }

  async isLive(userId: string, sessionId: string, now: Date): Promise<boolean> {
    const [session] = await this.db.read<{ live: boolean }>(
      `OPTIONAL MATCH (:User {id: $userId})-[:HAS_SESSION]->(s:Session {id: $sessionId})
       RETURN s IS NOT NULL AND ${live} AS live`,
      { userId, sessionId, now: now.toISOString() },
    );
    return session?.live === true;
  }

  /** The user of a live session, found in the same query that checks the session. */
  async userOfLiveSession(
    userId: string,
    sessionId: string,
    now: Date,
  ): Promise<AccountView | undefined> {
    const [found] = await this.db.read<{ user: AccountView }>(
      `MATCH (u:User {id: $userId})-[:HAS_SESSION]->(s:Session {id: $sessionId})
       WHERE ${live}
       RETURN ${accountView} AS user`,
      { userId, sessionId, now: now.toISOString() },
    );
    return found?.user;
  }

  async listLive(userId: string, now: Date): Promise<SessionView[]> {
    return this.db.read<SessionView>(
      `MATCH (:User {id: $userId})-[:HAS_SESSION]->(s:Session)
       WHERE ${live}
       RETURN s.id AS id, toString(s.createdAt) AS createdAt,
              toString(coalesce(s.lastUsedAt, s.createdAt)) AS lastUsedAt,
              toString(s.expiresAt) AS expiresAt, s.userAgent AS userAgent
       ORDER BY s.lastUsedAt DESC`,
      { userId, now: now.toISOString() },
    );
  }

  /** Ends one live session of the user; false when there is no such session. */
  async revoke(q: Queryable, userId: string, sessionId: string, now: Date): Promise<boolean> {
    const ended = await this.revokeWhere(q, 's.id = $sessionId', { userId, sessionId, now });
    return ended > 0;
  }

  /** Ends all live sessions of the user but `keep`, and says how many. */
  revokeAll(q: Queryable, userId: string, now: Date, keep?: string): Promise<number> {
    return this.revokeWhere(q, 's.id <> $keep', { userId, keep: keep ?? '', now });
  }

  private async revokeWhere(
    q: Queryable,
    condition: string,
    parameters: { userId: string; now: Date; [name: string]: unknown },
  ): Promise<number> {
    const [result] = await q.run<{ ended: number }>(
      `MATCH (:User {id: $userId})-[:HAS_SESSION]->(s:Session)
       WHERE ${condition} AND ${live}
       SET s.revokedAt = datetime($now)
       RETURN count(s) AS ended`,
      { ...parameters, now: parameters.now.toISOString() },
    );
    return Number(result?.ended ?? 0);
  }
}
