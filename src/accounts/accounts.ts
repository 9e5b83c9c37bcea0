import { randomUUID } from 'node:crypto';
import type { AccessTokens } from '../auth/accessToken.js';
import type { PasswordHasher } from '../auth/passwordHasher.js';
import type { Clock } from '../clock.js';
import { AccountsError } from '../errors.js';
import type { AuthPayload } from '../generated/resolvers.js';
import type { Logger } from '../logger.js';
import type { Caller } from '../requestContext.js';
import { parseLogin, parseRegistration } from './accountInput.js';
import type { AccountStore, AccountView, NewSession } from './accountStore.js';
import { normalizePassword } from './passwordPolicy.js';

export interface SignedIn extends Omit<AuthPayload, 'user'> {
  user: AccountView;
}

export interface AccountsDependencies {
  store: AccountStore;
  hasher: PasswordHasher;
  accessTokens: AccessTokens;
  clock: Clock;
  passwordMinLength: number;
}

/**
 * Registration, login and logout. Each logs one line per authentication event with chosen
 * fields only: never a password, hash, token or email.
 */
export class Accounts {
  constructor(private readonly deps: AccountsDependencies) {}

  async register(input: unknown, log: Logger): Promise<SignedIn> {
    const registration = parseRegistration(input, this.deps.passwordMinLength);
    const passwordHash = await this.deps.hasher.hash(normalizePassword(registration.password));

    const userId = randomUUID();
    const session = this.newSession();
    const created = await this.deps.store.createAccount(
      { ...registration, userId, passwordHash },
      session,
    );
    if (created === 'EMAIL_TAKEN') {
      log.info({ event: 'register', outcome: 'email_taken' }, 'registration refused');
      throw new AccountsError('EMAIL_TAKEN');
    }

    log.info(
      { event: 'register', outcome: 'success', userId, sessionId: session.sessionId },
      'registered',
    );
    return this.signedIn(created, session);
  }

  async login(input: unknown, log: Logger): Promise<SignedIn> {
    const attempt = parseLogin(input);
    const password = normalizePassword(attempt.password);
    const { hasher, store } = this.deps;

    const credentials = await store.findCredentials(attempt.emailKey);
    const valid = credentials
      ? await hasher.verify(password, credentials.passwordHash)
      : await hasher.verifyNothing(password);
    if (!credentials || !valid) {
      log.warn({ event: 'login', outcome: 'failure', userId: credentials?.userId }, 'login failed');
      throw new AccountsError('INVALID_CREDENTIALS');
    }

    const upgradedHash = hasher.needsRehash(credentials.passwordHash)
      ? await hasher.hash(password)
      : undefined;
    const session = this.newSession();
    const user = await store.startSession(credentials.userId, session, upgradedHash);
    if (!user) throw new AccountsError('INVALID_CREDENTIALS');

    const { userId } = credentials;
    log.info(
      { event: 'login', outcome: 'success', userId, sessionId: session.sessionId },
      'logged in',
    );
    return this.signedIn(user, session);
  }

  async logout(caller: Caller, log: Logger): Promise<boolean> {
    const ended = await this.deps.store.endSession(
      caller.userId,
      caller.sessionId,
      this.deps.clock.now(),
    );
    log.info(
      { event: 'logout', outcome: ended ? 'success' : 'already_ended', ...caller },
      'logged out',
    );
    return true;
  }

  private newSession(): NewSession {
    return {
      sessionId: randomUUID(),
      createdAt: this.deps.clock.now(),
      expiresAt: this.deps.accessTokens.sessionExpiry(),
    };
  }

  private signedIn(user: AccountView, session: NewSession): SignedIn {
    const { accessToken, expiresAt } = this.deps.accessTokens.issue(user.id, session.sessionId);
    return { accessToken, accessTokenExpiresAt: expiresAt.toISOString(), user };
  }
}
