import neo4j, { type Driver } from 'neo4j-driver';

export interface DatabaseSettings {
  uri: string;
  username: string;
  password: string;
  database?: string | undefined;
}

/** A driver that gives up within seconds when Neo4j is away, instead of hanging requests. */
export function createDriver(settings: DatabaseSettings): Driver {
  // With authentication off (the bundled dev database), any credentials are accepted.
  const auth = neo4j.auth.basic(settings.username, settings.password);
  return neo4j.driver(settings.uri, auth, {
    connectionTimeout: 5_000,
    connectionAcquisitionTimeout: 5_000,
    maxTransactionRetryTime: 2_000,
    userAgent: 'accounts-api',
  });
}

/** Waits until Neo4j answers, for start-up against a server that may still be booting. */
export async function waitForDatabase(
  driver: Driver,
  { timeoutMs, onWait }: { timeoutMs: number; onWait?: (error: unknown) => void },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await driver.getServerInfo();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      onWait?.(error);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}
