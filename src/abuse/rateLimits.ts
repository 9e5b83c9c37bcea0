import {
  RateLimiterMemory,
  RateLimiterRes,
  type RateLimiterAbstract,
  type IRateLimiterOptions,
} from 'rate-limiter-flexible';
import { AccountsError } from '../errors.js';
import type { Logger } from '../logger.js';

export interface Rate {
  points: number;
  seconds: number;
}

export interface RateLimitSettings {
  /** Password checks per account before a temporary lock of the same length. */
  loginAccount: Rate;
  /** Password checks per client address. */
  loginAddress: Rate;
  /** Failed password checks in a row after which an account stays locked until it succeeds. */
  maxConsecutiveFailures: number;
  register: Rate;
  passwordReset: Rate;
  emailVerification: Rate;
  emailChange: Rate;
  refresh: Rate;
}

/** Actions limited per client address (and, for mail-sending ones, per account). */
export type LimitedAction =
  'register' | 'passwordReset' | 'emailVerification' | 'emailChange' | 'refresh';

/** Makes one limiter; memory here, Redis when several instances share the counters. */
export type LimiterFactory = (options: IRateLimiterOptions) => RateLimiterAbstract;

export const memoryLimiters: LimiterFactory = (options) => new RateLimiterMemory(options);

/**
 * A consecutive-failure count is kept this long from the first failure of the run, then
 * forgotten: it bounds the memory that failures for unknown emails take (and Node's timers,
 * behind the in-memory store, cannot wait longer than 24 days).
 */
const CONSECUTIVE_FAILURES_MEMORY_SECONDS = 14 * 24 * 3600;

/**
 * The abuse limits (SECURITY.md 21). Every password check first takes a point from the
 * account's and the address's budgets, so a blocked attempt costs no hashing and parallel
 * bursts cannot slip past; a success gives the account its budget back. Counters live outside
 * the request and survive its errors.
 */
export class RateLimits {
  private readonly accountAttempts: RateLimiterAbstract;
  private readonly consecutiveFailures: RateLimiterAbstract;
  private readonly addressAttempts: RateLimiterAbstract;
  private readonly actions: Record<LimitedAction, RateLimiterAbstract>;

  constructor(settings: RateLimitSettings, limiter: LimiterFactory = memoryLimiters) {
    const perWindow = (keyPrefix: string, rate: Rate, block = false) =>
      limiter({
        keyPrefix,
        points: rate.points,
        duration: rate.seconds,
        blockDuration: block ? rate.seconds : 0,
      });

    this.accountAttempts = perWindow('login_account', settings.loginAccount, true);
    this.addressAttempts = perWindow('login_address', settings.loginAddress, true);
    this.consecutiveFailures = limiter({
      keyPrefix: 'login_consecutive',
      points: settings.maxConsecutiveFailures,
      duration: CONSECUTIVE_FAILURES_MEMORY_SECONDS,
    });
    this.actions = {
      register: perWindow('register', settings.register),
      passwordReset: perWindow('password_reset', settings.passwordReset),
      emailVerification: perWindow('email_verification', settings.emailVerification),
      emailChange: perWindow('email_change', settings.emailChange),
      refresh: perWindow('refresh', settings.refresh),
    };
  }

  /** Takes one password check from the budgets of the account and the address, or refuses. */
  async beforePasswordCheck(accountKey: string, address: string, log: Logger): Promise<void> {
    await this.take('password_check', log, [
      [this.accountAttempts, accountKey],
      [this.consecutiveFailures, accountKey],
      [this.addressAttempts, address],
    ]);
  }

  /** A correct password: the account's counters start again, and the address gets its point back. */
  async afterPasswordSuccess(accountKey: string, address: string): Promise<void> {
    await Promise.all([
      this.accountAttempts.delete(accountKey),
      this.consecutiveFailures.delete(accountKey),
      this.addressAttempts.reward(address, 1),
    ]);
  }

  /** A password reset proves the owner: the account's counters start again. */
  async afterPasswordReset(accountKey: string): Promise<void> {
    await Promise.all([
      this.accountAttempts.delete(accountKey),
      this.consecutiveFailures.delete(accountKey),
    ]);
  }

  /** Counts one action from the address (and for `accountKey`, when given), or refuses. */
  async beforeAction(
    action: LimitedAction,
    address: string,
    log: Logger,
    accountKey?: string,
  ): Promise<void> {
    const limiter = this.actions[action];
    const keys: [RateLimiterAbstract, string][] = [[limiter, `address:${address}`]];
    if (accountKey) keys.push([limiter, `account:${accountKey}`]);
    await this.take(action, log, keys);
  }

  private async take(
    limit: string,
    log: Logger,
    keys: [RateLimiterAbstract, string][],
  ): Promise<void> {
    const results = await Promise.allSettled(keys.map(([limiter, key]) => limiter.consume(key)));
    const refusals = results.flatMap((result) =>
      result.status === 'rejected' && result.reason instanceof RateLimiterRes
        ? [result.reason]
        : [],
    );
    const failure = results.find(
      (result): result is PromiseRejectedResult =>
        result.status === 'rejected' && !(result.reason instanceof RateLimiterRes),
    );
    if (failure) throw failure.reason;
    if (refusals.length === 0) return;

    const waitMs = Math.max(...refusals.map((refusal) => refusal.msBeforeNext));
    const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
    log.warn(
      { event: 'rate_limited', outcome: 'refused', limit, retryAfterSeconds },
      'rate limit hit',
    );
    throw new AccountsError('RATE_LIMITED', { retryAfterSeconds });
  }
}
