import type { RateLimits } from '../abuse/rateLimits.js';
import type { BackgroundTasks } from '../backgroundTasks.js';
import type { Clock } from '../clock.js';
import { isConstraintViolation, type Database } from '../database/database.js';
import { AccountsError, badUserInput } from '../errors.js';
import type { ChangeEmailInput } from '../generated/resolvers.js';
import type { Logger } from '../logger.js';
import type { AccountMail } from '../mail/accountMail.js';
import type { Caller } from '../requestContext.js';
import { parseEmail, parseEnteredPassword } from './accountInput.js';
import type { Accounts, Requester } from './accounts.js';
import type { AccountStore, AccountView } from './accountStore.js';
import type { AccountTokenStore } from './accountTokenStore.js';
import { emailKey } from './email.js';

export interface EmailFlowsDependencies {
  db: Database;
  accounts: AccountStore;
  tokens: AccountTokenStore;
  passwords: Accounts;
  mail: AccountMail;
  limits: RateLimits;
  tasks: BackgroundTasks;
  clock: Clock;
  verifyEmailSeconds: number;
  changeEmailSeconds: number;
}

/**
 * Proving that an address belongs to the account: verification after registration, and the
 * change of address, which takes effect only when a link sent to the new address is used.
 */
export class EmailFlows {
  constructor(private readonly deps: EmailFlowsDependencies) {}

  async verifyEmail(token: string, log: Logger): Promise<AccountView> {
    const { accounts, tokens, clock } = this.deps;
    const user = await this.deps.db.transaction(async (tx) => {
      const owner = await tokens.consume(tx, token, 'verify_email', clock.now());
      return owner && accounts.markEmailVerified(tx, owner.userId);
    });
    if (!user) {
      log.warn(
        { event: 'email_verification', outcome: 'invalid_token' },
        'email verification refused',
      );
      throw new AccountsError('INVALID_TOKEN');
    }
    log.info(
      { event: 'email_verification', outcome: 'success', userId: user.id },
      'email verified',
    );
    return user;
  }

  /** Sends a new verification link, unless the address is verified already. */
  async requestVerification(caller: Caller, { log, clientAddress }: Requester): Promise<boolean> {
    await this.deps.limits.beforeAction('emailVerification', clientAddress, log, caller.userId);
    const user = await this.deps.accounts.view(caller.userId);
    if (!user) throw new AccountsError('UNAUTHENTICATED');
    if (user.emailVerified) return true;

    const token = await this.deps.tokens.issue(this.deps.db, {
      userId: user.id,
      purpose: 'verify_email',
      now: this.deps.clock.now(),
      validForSeconds: this.deps.verifyEmailSeconds,
    });
    log.info(
      { event: 'email_verification_requested', outcome: 'success', userId: user.id },
      'verification sent',
    );
    this.deps.mail.verifyEmail(user.email, user.name, token, log);
    return true;
  }

  /**
   * Starts a change of address. The answer comes right after the password check; the rest
   * happens afterwards, so neither the answer nor its timing says whether the new address has
   * an account. If it has, its owner gets a notice instead of a link; either way any earlier
   * link stops working.
   */
  async changeEmail(
    caller: Caller,
    input: ChangeEmailInput,
    requester: Requester,
  ): Promise<boolean> {
    const { log, clientAddress } = requester;
    const password = parseEnteredPassword(input.password, 'password');
    const next = parseEmail(input.newEmail, 'newEmail');
    await this.deps.limits.beforeAction('emailChange', clientAddress, log, caller.userId);
    const { user } = await this.deps.passwords.checkPassword(
      caller,
      password,
      'email_change',
      requester,
    );
    if (next.emailKey === emailKey(user.email)) throw badUserInput({ newEmail: 'UNCHANGED' });

    log.info(
      { event: 'email_change_requested', outcome: 'success', userId: user.id },
      'email change asked',
    );
    this.deps.tasks.run('email-change', () => this.sendChangeLinks(user, next, log), log);
    return true;
  }

  private async sendChangeLinks(
    user: AccountView,
    next: { email: string; emailKey: string },
    log: Logger,
  ): Promise<void> {
    const { accounts, tokens, clock, mail } = this.deps;
    const now = clock.now();
    mail.emailChangeNotice(user.email, user.name, log);
    if (await accounts.findCredentials(next.emailKey)) {
      await tokens.revoke(this.deps.db, user.id, ['change_email'], now);
      mail.emailInUseNotice(next.email, log);
      return;
    }

    const token = await tokens.issue(this.deps.db, {
      userId: user.id,
      purpose: 'change_email',
      now,
      validForSeconds: this.deps.changeEmailSeconds,
      newEmail: next.email,
      newEmailKey: next.emailKey,
    });
    mail.confirmEmailChange(next.email, user.name, token, log);
  }

  /** Moves the account to the confirmed address; uniqueness is checked again at this moment. */
  async confirmEmailChange(token: string, log: Logger): Promise<AccountView> {
    const { accounts, tokens, clock } = this.deps;
    const now = clock.now();
    const user = await this.deps.db
      .transaction(async (tx) => {
        const owner = await tokens.consume(tx, token, 'change_email', now);
        if (!owner?.newEmail || !owner.newEmailKey) return undefined;
        const email = { email: owner.newEmail, emailKey: owner.newEmailKey };
        // Links mailed to the old address (a reset, a verification) end with it.
        await tokens.revoke(tx, owner.userId, ['reset_password', 'verify_email'], now);
        return accounts.changeEmail(tx, owner.userId, email, now);
      })
      .catch((error: unknown) => {
        if (!isConstraintViolation(error)) throw error;
        log.info({ event: 'email_change', outcome: 'email_taken' }, 'email change refused');
        throw new AccountsError('EMAIL_TAKEN');
      });
    if (!user) {
      log.warn({ event: 'email_change', outcome: 'invalid_token' }, 'email change refused');
      throw new AccountsError('INVALID_TOKEN');
    }
    log.info({ event: 'email_change', outcome: 'success', userId: user.id }, 'email changed');
    return user;
  }
}
