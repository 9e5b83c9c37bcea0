import os from 'node:os';
import { performance } from 'node:perf_hooks';
import bcrypt from 'bcryptjs';
import { PasswordHasher } from '../src/auth/passwordHasher.js';
import { median } from './statistics.js';

export interface HashBound {
  cost: number;
  /** The API's hashing pool: HASH_THREADS, or as many threads as CPUs. */
  poolSize: number;
  /** One bcrypt.hashSync at `cost`, median of the samples. */
  hashMs: number;
  /** The most logins (one bcrypt check each) the pool can do per second: pool / hash time. */
  loginsPerSecond: number;
  /**
   * Hashes per second that the API's own PasswordHasher delivers here with every thread busy,
   * without HTTP or database: what the cores really give the pool on this (shared) machine.
   */
  poolHashesPerSecond: number;
}

/**
 * Times bcrypt the way the API's workers run it (bcryptjs, same cost, a 64-character input
 * like the HMAC pre-hash), on this machine while the API is idle.
 */
export async function measureHashBound(
  cost: number,
  { samples, poolSeconds }: { samples: number; poolSeconds: number },
): Promise<HashBound> {
  const poolSize = Number(process.env.HASH_THREADS ?? os.availableParallelism());
  const secret = 'x'.repeat(64);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    bcrypt.hashSync(secret, cost);
    times.push(performance.now() - started);
  }
  const hashMs = median(times);
  return {
    cost,
    poolSize,
    hashMs,
    loginsPerSecond: (poolSize * 1000) / hashMs,
    poolHashesPerSecond: await measurePool(cost, poolSize, poolSeconds),
  };
}

async function measurePool(cost: number, poolSize: number, seconds: number): Promise<number> {
  const hasher = new PasswordHasher({
    bcryptCost: cost,
    pepper: 'bench-pepper-that-is-long-enough-0123456789',
    hashThreads: poolSize,
  });
  await hasher.start(); // starts the threads and warms them up with one hash
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let hashes = 0;
  const loop = async () => {
    while (performance.now() < deadline) {
      await hasher.hash('lantern orbit meadow fig');
      hashes++;
    }
  };
  // Twice as many callers as threads, so that no thread ever waits for work.
  await Promise.all(Array.from({ length: poolSize * 2 }, loop));
  const perSecond = hashes / ((performance.now() - started) / 1000);
  await hasher.close();
  return perSecond;
}

/**
 * The mean of the bounds measured just before and just after the login run: on a shared
 * machine the cores' speed drifts within minutes, so the bound is taken around the run.
 */
export function boundAround(before: HashBound, after: HashBound): HashBound {
  const hashMs = (before.hashMs + after.hashMs) / 2;
  return {
    ...before,
    hashMs,
    loginsPerSecond: (before.poolSize * 1000) / hashMs,
    poolHashesPerSecond: (before.poolHashesPerSecond + after.poolHashesPerSecond) / 2,
  };
}
