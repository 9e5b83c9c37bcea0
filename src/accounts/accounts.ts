import { randomUUID } from 'node:crypto';
import type { RateLimits } from '../abuse/rateLimits.js';
import type { PasswordHasher } from '../auth/passwordHasher.js';
import type { Clock } from '../clock.js';
import { isConstraintViolation, type Database } from '../database/database.js';
import { AccountsError, badUserInput } from '../errors.js';
import type { ChangePasswordInput } from '../generated/resolvers.js';
import type { Logger } from '../logger.js';
import type { AccountMail } from '../mail/accountMail.js';
import type { Caller } from '../requestContext.js';
import type { SessionGrant, Sessions, SignedIn } from '../sessions/sessions.js';
import {
  parseEnteredPassword,
  parseLogin,
  parseNewPassword,
  parseRegistration,
} from './accountInput.js';
import type { AccountStore, AccountView, StoredCredentials } from './accountStore.js';
import type { AccountTokenStore } from './accountTokenStore.js';
import { emailKey } from './email.js';
import { normalizePassword } from './passwordPolicy.js';

export interface AccountsDependencies {
  db: Database;
  accounts: AccountStore;
  tokens: AccountTokenStore;
  sessions: Sessions;
  hasher: PasswordHasher;
  mail: AccountMail;
  clock: Clock;
  limits: RateLimits;
  passwordMinLength: number;
  verifyEmailSeconds: number;
}

/** Who is asking: the request's log, the client's address and its User-Agent. */
export interface Requester {
  log: Logger;
  clientAddress: string;
  userAgent: string | null;
}

/**
 * Registration, login, password change and account deletion. Each logs one line per
 * authentication event with chosen fields only: never a password, hash, token or email.
 */
export class Accounts {
  constructor(private readonly deps: AccountsDependencies) {}

  async register(input: unknown, { log, userAgent, clientAddress }: Requester): Promise<SignedIn> {
    const registration = parseRegistration(input, this.deps.passwordMinLength);
    await this.deps.limits.beforeAction('register', clientAddress, log);
    const passwordHash = await this.deps.hasher.hash(normalizePassword(registration.password));
    const now = this.deps.clock.now();

    const created = await this.deps.db
      .transaction(async (tx) => {
        const userId = randomUUID();
        const user = await this.deps.accounts.create(
          tx,
          { ...registration, userId, passwordHash },
          now,
        );
        const { grant } = await this.deps.sessions.start(tx, userId, userAgent);
        const verifyToken = await this.deps.tokens.issue(tx, {
          userId,
          purpose: 'verify_email',
          now,
          validForSeconds: this.deps.verifyEmailSeconds,
        });
        return { user, grant, verifyToken };
      })
      .catch((error: unknown) => {
        // The uniqueness constraint on emailKey decides, also between racing registrations.
        if (!isConstraintViolation(error)) throw error;
        log.info({ event: 'register', outcome: 'email_taken' }, 'registration refused');
        throw new AccountsError('EMAIL_TAKEN');
      });

    const { user, grant, verifyToken } = created;
    log.info(
      { event: 'register', outcome: 'success', userId: user.id, sessionId: grant.sessionId },
      'registered',
    );
    this.deps.mail.verifyEmail(user.email, user.name, verifyToken, log);
    return this.deps.sessions.signedIn(user, grant);
  }

  async login(input: unknown, { log, userAgent, clientAddress }: Requester): Promise<SignedIn> {
    const attempt = parseLogin(input);
    const password = normalizePassword(attempt.password);
    const { hasher, accounts, limits } = this.deps;

    // Counted per email key whether or not it has an account, so a lock tells nothing either.
    await limits.beforePasswordCheck(attempt.emailKey, clientAddress, log);

    const credentials = await accounts.findCredentials(attempt.emailKey);
    const valid = credentials
      ? await hasher.verify(password, credentials.passwordHash)
      : await hasher.verifyNothing(password);
    if (!credentials || !valid) {
      log.warn({ event: 'login', outcome: 'failure', userId: credentials?.userId }, 'login failed');
      throw new AccountsError('INVALID_CREDENTIALS');
    }

    await limits.afterPasswordSuccess(attempt.emailKey, clientAddress);
    const { userId } = credentials;
    const upgradedHash = hasher.needsRehash(credentials.passwordHash)
      ? await hasher.hash(password)
      : undefined;
    const { owner: user, grant } = await this.deps.db.transaction(async (tx) => {
      // Skipped when the password changed since it was checked: that change stands.
      if (upgradedHash) {
        await accounts.replacePasswordHash(tx, userId, credentials.passwordHash, upgradedHash);
      }
      return this.deps.sessions.start(tx, userId, userAgent);
    });
    // Deleted between the password check and now: nobody to sign in.
    if (!user) throw new AccountsError('INVALID_CREDENTIALS');

    log.info(
      { event: 'login', outcome: 'success', userId, sessionId: grant.sessionId },
      'logged in',
    );
    return this.deps.sessions.signedIn(user, grant);
  }

  /** Needs the current password; ends every other session and renews this one's tokens. */
  async changePassword(
    caller: Caller,
    input: ChangePasswordInput,
    requester: Requester,
  ): Promise<SignedIn> {
    const { log } = requester;
    const currentPassword = parseEnteredPassword(input.currentPassword, 'currentPassword');
    const { user, credentials } = await this.checkPassword(
      caller,
      currentPassword,
      'password_change',
      requester,
    );
    const { passwordMinLength } = this.deps;
    const newPassword = parseNewPassword(input.newPassword, user, passwordMinLength, 'newPassword');
    if (normalizePassword(newPassword) === normalizePassword(currentPassword)) {
      throw badUserInput({ newPassword: 'UNCHANGED' });
    }
    const passwordHash = await this.deps.hasher.hash(normalizePassword(newPassword));

    const { userId, sessionId } = caller;
    let grant = await this.commitPasswordChange(caller, credentials.passwordHash, passwordHash);
    if (!grant) {
      // The hash changed after the check: a login upgraded it to a higher cost, or another
      // change replaced it. Only if the current password is still right does this one go on.
      const latest = await this.deps.accounts.credentialsOf(userId);
      const stillRight =
        latest &&
        (await this.deps.hasher.verify(normalizePassword(currentPassword), latest.passwordHash));
      if (latest && stillRight) {
        grant = await this.commitPasswordChange(caller, latest.passwordHash, passwordHash);
      }
      if (!grant) throw new AccountsError('INVALID_CREDENTIALS');
    }

    log.info(
      { event: 'password_change', outcome: 'success', userId, sessionId },
      'password changed',
    );
    this.deps.mail.passwordChanged(user.email, user.name, log);
    return this.deps.sessions.signedIn(user, grant);
  }

  /**
   * Sets the new hash if the stored one is still `checkedHash`, ends every other session and
   * renews this one, all in one transaction; nothing, if the hash changed meanwhile.
   */
  private commitPasswordChange(
    { userId, sessionId }: Caller,
    checkedHash: string,
    passwordHash: string,
  ): Promise<SessionGrant | undefined> {
    return this.deps.db.transaction(async (tx) => {
      // Locks the User first, so a concurrent change waits for this one to commit.
      if (!(await this.deps.accounts.replacePasswordHash(tx, userId, checkedHash, passwordHash))) {
        return undefined;
      }
      await this.deps.sessions.endOthers(tx, userId, sessionId);
      // A pending address change or reset link must not outlive the password it was asked with.
      await this.deps.tokens.revoke(
        tx,
        userId,
        ['change_email', 'reset_password'],
        this.deps.clock.now(),
      );
      const renewed = await this.deps.sessions.renew(tx, sessionId);
      // Ended by a concurrent change from another session, or a logout: thrown inside the
      // transaction, so that nothing above is kept.
      if (!renewed) throw new AccountsError('UNAUTHENTICATED');
      return renewed;
    });
  }

  /** Needs the password; removes the user, their sessions and every token. */
  async deleteAccount(caller: Caller, password: string, requester: Requester): Promise<boolean> {
    const { log } = requester;
    const entered = parseEnteredPassword(password, 'password');
    await this.checkPassword(caller, entered, 'account_deletion', requester);
    await this.deps.db.transaction((tx) => this.deps.accounts.delete(tx, caller.userId));
    log.info(
      { event: 'account_deletion', outcome: 'success', userId: caller.userId },
      'account deleted',
    );
    return true;
  }

  /**
   * The caller's account, once the password they typed matches; INVALID_CREDENTIALS if not.
   * It is a password check like a login's, and counts against the same limits.
   */
  async checkPassword(
    caller: Caller,
    password: string,
    event: string,
    { log, clientAddress }: Requester,
  ): Promise<{ user: AccountView; credentials: StoredCredentials }> {
    const [credentials, user] = await Promise.all([
      this.deps.accounts.credentialsOf(caller.userId),
      this.deps.accounts.view(caller.userId),
    ]);
    if (!credentials || !user) throw new AccountsError('UNAUTHENTICATED');

    const accountKey = emailKey(user.email);
    await this.deps.limits.beforePasswordCheck(accountKey, clientAddress, log);
    const valid = await this.deps.hasher.verify(
      normalizePassword(password),
      credentials.passwordHash,
    );
    if (!valid) {
      log.warn(
        { event, outcome: 'wrong_password', userId: caller.userId },
        'password check failed',
      );
      throw new AccountsError('INVALID_CREDENTIALS');
    }
    await this.deps.limits.afterPasswordSuccess(accountKey, clientAddress);
    return { user, credentials };
  }
}
