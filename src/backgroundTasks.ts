import type { Logger } from './logger.js';

/**
 * Work that a request starts but does not wait for, such as sending mail. Failures are logged
 * and never reach the request; shutdown waits for what is still running.
 */
export class BackgroundTasks {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  run(task: string, work: () => Promise<void>, log: Logger = this.logger): void {
    const running = work()
      .catch((error: unknown) => log.error({ err: error, task }, 'background task failed'))
      .finally(() => this.pending.delete(running));
    this.pending.add(running);
  }

  /** Resolves when every task started so far has finished. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }
}
