import type { RateLimits } from '../abuse/rateLimits.js';
import type { BackgroundTasks } from '../backgroundTasks.js';
import type { Clock } from '../clock.js';
import type { Database } from '../database/database.js';
import type { PasswordHasher } from '../auth/passwordHasher.js';
import { AccountsError } from '../errors.js';
import type { ResetPasswordInput } from '../generated/resolvers.js';
import type { Logger } from '../logger.js';
import type { AccountMail } from '../mail/accountMail.js';
import type { Requester } from './accounts.js';
import type { Sessions, SignedIn } from '../sessions/sessions.js';
import { parseEmail, parseNewPassword } from './accountInput.js';
import type { AccountStore } from './accountStore.js';
import type { AccountTokenStore } from './accountTokenStore.js';
import { emailKey } from './email.js';
import { normalizePassword } from './passwordPolicy.js';

export interface PasswordResetDependencies {
  db: Database;
  accounts: AccountStore;
  tokens: AccountTokenStore;
  sessions: Sessions;
  hasher: PasswordHasher;
  mail: AccountMail;
  tasks: BackgroundTasks;
  limits: RateLimits;
  clock: Clock;
  passwordMinLength: number;
  resetPasswordSeconds: number;
}

/** A forgotten password: a single-use link by mail, then a new password and a new session. */
export class PasswordReset {
  constructor(private readonly deps: PasswordResetDependencies) {}

  /**
   * Always true, and always as fast: the look-up and the message happen after the answer, so
   * neither the answer nor its timing tells whether the address has an account.
   */
  async request(emailInput: string, { log, clientAddress }: Requester): Promise<boolean> {
    const address = parseEmail(emailInput, 'email');
    await this.deps.limits.beforeAction('passwordReset', clientAddress, log, address.emailKey);
    this.deps.tasks.run('password-reset', () => this.sendLink(address.emailKey, log), log);
    return true;
  }

  /** Sets the new password, ends every session (this one too) and signs in afresh. */
  async reset(input: ResetPasswordInput, { log, userAgent }: Requester): Promise<SignedIn> {
    const { accounts, tokens, clock } = this.deps;
    const owner = await tokens.find(input.token, 'reset_password', clock.now());
    const user = owner && (await accounts.view(owner.userId));
    if (!user) return this.invalidToken(log);

    const newPassword = parseNewPassword(
      input.newPassword,
      user,
      this.deps.passwordMinLength,
      'newPassword',
    );
    const passwordHash = await this.deps.hasher.hash(normalizePassword(newPassword));

    const grant = await this.deps.db.transaction(async (tx) => {
      // Used up only now, so a refused new password leaves the link working.
      const consumed = await tokens.consume(tx, input.token, 'reset_password', clock.now());
      if (consumed?.userId !== user.id) return undefined;
      await accounts.setPasswordHash(tx, user.id, passwordHash);
      await accounts.markEmailVerified(tx, user.id);
      await this.deps.sessions.endOthers(tx, user.id);
      await tokens.revoke(tx, user.id, ['change_email', 'reset_password'], clock.now());
      const { grant } = await this.deps.sessions.start(tx, user.id, userAgent);
      return grant;
    });
    if (!grant) return this.invalidToken(log);

    // Proof of the mailbox unlocks an account that too many failed passwords had locked.
    await this.deps.limits.afterPasswordReset(emailKey(user.email));
    log.info(
      { event: 'password_reset', outcome: 'success', userId: user.id, sessionId: grant.sessionId },
      'password reset',
    );
    this.deps.mail.passwordChanged(user.email, user.name, log);
    return this.deps.sessions.signedIn({ ...user, emailVerified: true }, grant);
  }

  private async sendLink(accountKey: string, log: Logger): Promise<void> {
    const credentials = await this.deps.accounts.findCredentials(accountKey);
    if (!credentials) {
      log.info({ event: 'password_reset_requested', outcome: 'unknown_email' }, 'reset asked');
      return;
    }
    const user = await this.deps.accounts.view(credentials.userId);
    if (!user) return;

    const token = await this.deps.tokens.issue(this.deps.db, {
      userId: user.id,
      purpose: 'reset_password',
      now: this.deps.clock.now(),
      validForSeconds: this.deps.resetPasswordSeconds,
    });
    log.info(
      { event: 'password_reset_requested', outcome: 'sent', userId: user.id },
      'reset asked',
    );
    this.deps.mail.passwordReset(user.email, user.name, token, log);
  }

  private invalidToken(log: Logger): never {
    log.warn({ event: 'password_reset', outcome: 'invalid_token' }, 'password reset refused');
    throw new AccountsError('INVALID_TOKEN');
  }
}
