import { randomUUID } from 'node:crypto';
import type { RateLimits } from '../abuse/rateLimits.js';
import type { Requester } from '../accounts/accounts.js';
import type { AccountView } from '../accounts/accountStore.js';
import type { AccessTokenClaims, AccessTokens } from '../auth/accessToken.js';
import { hashSecretToken, newSecretToken, type RefreshTokenChain } from '../auth/secretTokens.js';
import type { Clock } from '../clock.js';
import type { Database, Queryable } from '../database/database.js';
import { AccountsError } from '../errors.js';
import type { AuthPayload } from '../generated/resolvers.js';
import type { Logger } from '../logger.js';
import type { Caller } from '../requestContext.js';
import type { RefreshTarget, SessionStore, SessionView } from './sessionStore.js';

/** Session ids are UUIDs; anything else cannot name a session. */
const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface SessionSettings {
  idleSeconds: number;
  maxLifetimeSeconds: number;
  reuseGraceSeconds: number;
}

export interface SessionsDependencies {
  db: Database;
  store: SessionStore;
  accessTokens: AccessTokens;
  refreshChain: RefreshTokenChain;
  clock: Clock;
  limits: RateLimits;
  settings: SessionSettings;
}

/** A session just started or refreshed: what the client needs besides its access token. */
export interface SessionGrant {
  sessionId: string;
  refreshToken: string;
  expiresAt: Date;
}

/** A session just started, and its owner's account as the same statement read it. */
export interface StartedSession {
  grant: SessionGrant;
  /** Missing when the user was deleted before the session could be created. */
  owner: AccountView | undefined;
}

export interface SignedIn extends Omit<AuthPayload, 'user'> {
  user: AccountView;
}

/**
 * Sessions and their tokens. An access token is short-lived and names its session; a refresh
 * token is single-use and trades for a new pair. A session ends when revoked, after the idle
 * period without a refresh, or at its absolute lifetime, whichever comes first.
 */
export class Sessions {
  constructor(private readonly deps: SessionsDependencies) {}

  /** Starts a session for a user inside the caller's transaction. */
  async start(q: Queryable, userId: string, userAgent: string | null): Promise<StartedSession> {
    const now = this.deps.clock.now();
    const refreshToken = newSecretToken();
    const absoluteExpiresAt = this.after(now, this.deps.settings.maxLifetimeSeconds);
    const expiresAt = this.idleExpiry(now, absoluteExpiresAt);
    const sessionId = randomUUID();

    const refreshTokenHash = hashSecretToken(refreshToken);
    const owner = await this.deps.store.create(q, {
      userId,
      sessionId,
      refreshTokenHash,
      userAgent,
      now,
      expiresAt,
      absoluteExpiresAt,
    });
    return { grant: { sessionId, refreshToken, expiresAt }, owner };
  }

  /** The payload of a sign-in: a fresh access token for the session, and its refresh token. */
  signedIn(user: AccountView, grant: SessionGrant): SignedIn {
    const access = this.deps.accessTokens.issue(user.id, grant.sessionId, grant.expiresAt);
    return {
      accessToken: access.accessToken,
      accessTokenExpiresAt: access.expiresAt.toISOString(),
      refreshToken: grant.refreshToken,
      refreshTokenExpiresAt: grant.expiresAt.toISOString(),
      user,
    };
  }

  async refresh(refreshToken: string, { log, clientAddress }: Requester): Promise<SignedIn> {
    await this.deps.limits.beforeAction('refresh', clientAddress, log);
    const now = this.deps.clock.now();
    const usedHash = hashSecretToken(refreshToken);
    const target = await this.deps.store.findByRefreshTokenHash(usedHash, now);
    if (!target?.live) return this.refuse(log, target?.userId);

    const next = this.deps.refreshChain.next(refreshToken);
    const newHash = hashSecretToken(next);
    if (target.usedAt && !this.withinGrace(target.usedAt, now))
      return this.reuseDetected(target, now, log);

    // A current token must still be current when the trade happens; a used one (a tab that
    // lost the race, within the grace period) must still have its pair current.
    const expectedHash = target.usedAt ? newHash : usedHash;
    const expiresAt = this.idleExpiry(now, new Date(target.absoluteExpiresAt));
    const rotation = { usedHash, expectedHash, newHash, now, expiresAt };
    const user = await this.deps.store.rotate(target.sessionId, rotation);
    if (!user && target.usedAt) return this.reuseDetected(target, now, log);
    if (!user) return this.refuse(log, target.userId);

    const { userId, sessionId } = target;
    log.info({ event: 'refresh', outcome: 'success', userId, sessionId }, 'session refreshed');
    return this.signedIn(user, { sessionId, refreshToken: next, expiresAt });
  }

  /**
   * The account of a verified access token whose session is live. One query checks the
   * session and reads the user, so the most frequent request costs a single round trip.
   */
  async ownAccount(claims: AccessTokenClaims | undefined): Promise<AccountView> {
    const now = this.deps.clock.now();
    const user = claims && (await this.deps.store.userOfLiveSession(claims.sub, claims.sid, now));
    if (!user) throw new AccountsError('UNAUTHENTICATED');
    return user;
  }

  list(caller: Caller): Promise<SessionView[]> {
    return this.deps.store.listLive(caller.userId, this.deps.clock.now());
  }

  async logout(caller: Caller, log: Logger): Promise<boolean> {
    const { userId, sessionId } = caller;
    const ended = await this.deps.store.revoke(
      this.deps.db,
      userId,
      sessionId,
      this.deps.clock.now(),
    );
    log.info(
      { event: 'logout', outcome: ended ? 'success' : 'already_ended', userId, sessionId },
      'logged out',
    );
    return true;
  }

  /** Ends one of the caller's own sessions; any other id is refused and changes nothing. */
  async revoke(caller: Caller, sessionId: string, log: Logger): Promise<boolean> {
    const { userId } = caller;
    const ended =
      SESSION_ID.test(sessionId) &&
      (await this.deps.store.revoke(this.deps.db, userId, sessionId, this.deps.clock.now()));
    // Only a well-formed id is logged: the value comes from the client.
    const logged = SESSION_ID.test(sessionId) ? sessionId : undefined;
    const outcome = ended ? 'success' : 'refused';
    log.info({ event: 'session_revoked', outcome, userId, sessionId: logged }, 'session revoke');
    if (!ended) throw new AccountsError('FORBIDDEN');
    return true;
  }

  async logoutEverywhere(caller: Caller, log: Logger): Promise<number> {
    const ended = await this.deps.store.revokeAll(
      this.deps.db,
      caller.userId,
      this.deps.clock.now(),
    );
    log.info(
      { event: 'logout_everywhere', outcome: 'success', userId: caller.userId, ended },
      'logged out everywhere',
    );
    return ended;
  }

  /** A new refresh token for a live session, inside the caller's transaction. */
  async renew(q: Queryable, sessionId: string): Promise<SessionGrant | undefined> {
    const refreshToken = newSecretToken();
    const hash = hashSecretToken(refreshToken);
    const expiresAt = await this.deps.store.reissue(q, sessionId, hash, this.deps.clock.now());
    return expiresAt ? { sessionId, refreshToken, expiresAt: new Date(expiresAt) } : undefined;
  }

  /** Ends every session of a user but `keep`, inside the caller's transaction. */
  endOthers(q: Queryable, userId: string, keep?: string): Promise<number> {
    return this.deps.store.revokeAll(q, userId, this.deps.clock.now(), keep);
  }

  /** Within the grace period after a trade, the used token still gets its pair (two tabs). */
  private withinGrace(usedAt: string, now: Date): boolean {
    const graceMs = this.deps.settings.reuseGraceSeconds * 1000;
    return now.getTime() - new Date(usedAt).getTime() <= graceMs;
  }

  /** A used refresh token came back: someone may hold a copy, so the session ends. */
  private async reuseDetected(target: RefreshTarget, now: Date, log: Logger): Promise<never> {
    const { userId, sessionId } = target;
    await this.deps.store.revoke(this.deps.db, userId, sessionId, now);
    log.warn(
      { event: 'refresh', outcome: 'reuse_detected', userId, sessionId },
      'refresh token reused',
    );
    throw new AccountsError('UNAUTHENTICATED');
  }

  private refuse(log: Logger, userId?: string): never {
    log.warn({ event: 'refresh', outcome: 'refused', userId }, 'refresh refused');
    throw new AccountsError('UNAUTHENTICATED');
  }

  private idleExpiry(now: Date, absoluteExpiresAt: Date): Date {
    const idle = this.after(now, this.deps.settings.idleSeconds);
    return idle < absoluteExpiresAt ? idle : absoluteExpiresAt;
  }

  private after(now: Date, seconds: number): Date {
    return new Date(now.getTime() + seconds * 1000);
  }
}
