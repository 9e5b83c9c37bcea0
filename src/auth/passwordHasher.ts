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

  async verify(password: string, hash: string): Promise<boolean> {
    const job: HashJob = { task: 'compare', secret: this.preHash(password), hash };
    const matches = (await this.pool.run(job)) as boolean;
    this.jobsFinished.compare += 1;
    return matches;
  }

  /** Spends the same work as a real check and always fails: for logins of unknown emails. */
  async verifyNothing(password: string): Promise<false> {
    if (!this.dummyHash) throw new Error('PasswordHasher.start() was not called');
    await this.verify(password, this.dummyHash);
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

  private preHash(password: string): string {
    return createHmac('sha384', this.settings.pepper).update(password, 'utf8').digest('base64');
  }
}
