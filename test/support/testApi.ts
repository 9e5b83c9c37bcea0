// Starts the accounts API in this process against the test run's Neo4j, with a low bcrypt
// cost, its own DATA_DIR and its log lines captured for assertions.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, inject } from 'vitest';
import { startAccountsApi } from '../../src/app.js';
import { systemClock, type Clock } from '../../src/clock.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createDriver } from '../../src/database/driver.js';
import { createLogger } from '../../src/logger.js';
import { Metrics } from '../../src/metrics.js';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
export const TEST_PASSWORD_PEPPER = 'test-pepper-that-is-long-enough-for-hmac-0123456789';

export interface TestApi {
  url: string;
  config: Config;
  /** The API's driver; tests also use it to look at what is really in the database. */
  driver: Driver;
  /** Every JSON log line the API wrote so far. */
  logs: Record<string, unknown>[];
  rawLogs: string[];
  /** DATA_DIR/outbox, where the API writes its mail. */
  outboxDir: string;
  /** Waits for background work (mail) started so far. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestApi(
  environment: Record<string, string> = {},
  clock: Clock = systemClock,
): Promise<TestApi> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accounts-test-api-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATA_DIR: dataDir,
    NEO4J_URI: inject('neo4jUri'),
    JWT_SECRET: TEST_JWT_SECRET,
    PASSWORD_PEPPER: TEST_PASSWORD_PEPPER,
    BCRYPT_COST: '4',
    HASH_THREADS: '2',
    LOG_LEVEL: 'info',
    // Every test client comes from 127.0.0.1; the rate-limit tests set their own small limits.
    RATE_LIMIT_LOGIN_ACCOUNT: '1000/1m',
    RATE_LIMIT_LOGIN_ADDRESS: '100000/1m',
    RATE_LIMIT_REGISTER: '100000/1m',
    RATE_LIMIT_PASSWORD_RESET: '100000/1m',
    RATE_LIMIT_EMAIL_VERIFICATION: '100000/1m',
    RATE_LIMIT_EMAIL_CHANGE: '100000/1m',
    RATE_LIMIT_REFRESH: '100000/1m',
    ...environment,
  });

  const rawLogs: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const line = chunk.toString('utf8');
      rawLogs.push(line);
      logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const metrics = new Metrics();
  const logger = createLogger(config.logLevel, {
    destination,
    onAuthEvent: (event, outcome) => metrics.authEvent(event, outcome),
  });

  const driver = createDriver({ ...config.neo4j, uri: config.neo4j.uri! });
  const api = await startAccountsApi({ config, driver, logger, clock, metrics });

  return {
    url: api.url,
    config,
    driver,
    logs,
    rawLogs,
    outboxDir: config.mail.outboxDir,
    settled: () => api.settled(),
    async close() {
      await api.close();
      await driver.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts an API for the test file (before its first test) and stops it after the last one.
 * Call the returned function inside tests to reach it.
 */
export function useTestApi(environment: Record<string, string> = {}, clock?: Clock): () => TestApi {
  let api: TestApi | undefined;
  beforeAll(async () => {
    api = await startTestApi(environment, clock);
  });
  afterAll(async () => {
    await api?.close();
  });
  return () => {
    if (!api) throw new Error('the test API has not started');
    return api;
  };
}
