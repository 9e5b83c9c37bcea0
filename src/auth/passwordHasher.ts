import { createHmac, randomBytes } from 'node:crypto';
import os from 'node:os';
import bcrypt from 'bcryptjs';
import { Piscina } from 'piscina';

export interface PasswordHasherSettings {
  bcryptCost: number;
  pepper: string;
  hashThreads?: number | undefined;
}

type HashJob =
  | { task: 'hash'; secret: string; cost: number }
  | { task: 'compare'; secret: string; hash: string };

/**
 * Hashes and checks passwords with bcrypt in a pool of worker threads.
 *
 * bcrypt reads only the first 72 bytes of its input, so every password is first turned into
 * HMAC-SHA-384(pepper, password) in base64 (64 bytes): every character counts, and a stolen
 * database alone is not enough to start guessing.
 */
export class PasswordHasher {
  private readonly pool: Piscina<HashJob, string | boolean>;
  private dummyHash: string | undefined;
  /** Jobs finished by the pool, by task: a counter for /metrics. */
  readonly jobsFinished = { hash: 0, compare: 0 };

  constructor(private readonly settings: PasswordHasherSettings) {
    const threads = settings.hashThreads ?? os.availableParallelism();
    this.pool = new Piscina({
      filename: new URL('./passwordHashWorker.js', import.meta.url).href,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Number.POSITIVE_INFINITY,
    });
  }

  /** Prepares the hash that unknown emails are checked against, so they take as long. */
  async start(): Promise<void> {
    this.dummyHash = await this.hash(randomBytes(32).toString('base64'));
  }

  async hash(password: string): Promise<string> {
    const job: HashJob = {
      task: 'hash',
      secret: this.preHash(password),
      cost: this.settings.bcryptCost,
    };
    const hash = (await this.pool.run(job)) as string;
    this.jobsFinished.hash += 1;
    return hash;
  }

  /**
   * Checks a password against its hash. A hash made at a lower cost than the configured one
   * would answer faster than an unknown email's check does, telling that the account exists:
   * the check at the configured cost runs beside it, and the answer waits for both.
   */
  async verify(password: string, hash: string): Promise<boolean> {
    const secret = this.preHash(password);
    if (!this.needsRehash(hash)) return this.compare(secret, hash);
    const [matches] = await Promise.all([
      this.compare(secret, hash),
      this.compare(secret, this.requireDummyHash()),
    ]);
    return matches;
  }

  /** Spends the same work as a real check and always fails: for logins of unknown emails. */
  async verifyNothing(password: string): Promise<false> {
    await this.compare(this.preHash(password), this.requireDummyHash());
    return false;
  }

  /** A hash made at a lower cost than configured; upgraded after the next successful login. */
  needsRehash(hash: string): boolean {
    return bcrypt.getRounds(hash) < this.settings.bcryptCost;
  }

  get queueSize(): number {
    return this.pool.queueSize;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private async compare(secret: string, hash: string): Promise<boolean> {
    const matches = (await this.pool.run({ task: 'compare', secret, hash })) as boolean;
    this.jobsFinished.compare += 1;
    return matches;
  }

  private requireDummyHash(): string {
    if (!this.dummyHash) throw new Error('PasswordHasher.start() was not called');
    return this.dummyHash;
  }

  private preHash(password: string): string {
    return createHmac('sha384', this.settings.pepper).update(password, 'utf8').digest('base64');
  }
}
