import { performance } from 'node:perf_hooks';
import type { Driver } from 'neo4j-driver';
import { readMe } from './meQuery.js';

/**
 * The ceiling for `me`: the baseline's query through the raw driver in `concurrency` loops,
 * no HTTP at all. Returns queries per second.
 */
export async function measureDriverCeiling(
  driver: Driver,
  database: string | undefined,
  caller: { userId: string; sessionId: string },
  { concurrency, seconds }: { concurrency: number; seconds: number },
): Promise<number> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let queries = 0;
  const loop = async () => {
    while (performance.now() < deadline) {
      if (!(await readMe(driver, database, caller))) throw new Error('the session is not live');
      queries++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return queries / ((performance.now() - started) / 1000);
}
