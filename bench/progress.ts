import { performance } from 'node:perf_hooks';

const started = performance.now();

/** A progress line with the time since the bench started, to see where the minutes go. */
export function step(message: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  console.log(`[${seconds} s] ${message}`);
}
