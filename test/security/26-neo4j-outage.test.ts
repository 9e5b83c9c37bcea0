// Stops and restarts a Neo4j of its own under a running API: the only way to see what users
// see when the database goes away and comes back.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConstraints } from '../../src/database/constraints.js';
import { startDevNeo4j, type DevNeo4j } from '../../src/database/devNeo4j.js';
import { createDriver } from '../../src/database/driver.js';
import { createLogger } from '../../src/logger.js';
import { ME, register, registerUser, validRegistration } from '../support/accounts.js';
import { freePort } from '../support/freePort.js';
import { errorCodes, graphql } from '../support/graphql.js';
import { startTestApi, type TestApi } from '../support/testApi.js';

let dataDir: string;
let boltPort: number;
let neo4j: DevNeo4j | undefined;
let api: TestApi | undefined;

const startNeo4j = () => startDevNeo4j({ dataDir, boltPort, logger: createLogger('warn') });

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accounts-outage-'));
  boltPort = await freePort();
  neo4j = await startNeo4j();
  const driver = createDriver({ uri: neo4j.uri, username: 'neo4j', password: '' });
  await createConstraints(driver);
  await driver.close();
  api = await startTestApi({ NEO4J_URI: neo4j.uri });
});

afterAll(async () => {
  await api?.close();
  await neo4j?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function health(): Promise<number> {
  return (await fetch(new URL('/health', api!.url))).status;
}

describe('SECURITY 26: with Neo4j gone, requests fail fast and generically; then the API recovers', () => {
  it('answers INTERNAL_SERVER_ERROR and 503 while Neo4j is down, and serves again once it is back', async () => {
    const user = await registerUser(api!.url, 'outage');
    await neo4j!.stop();

    const started = performance.now();
    const during = await graphql(api!.url, ME, {}, user.accessToken);
    const elapsedMs = performance.now() - started;
    console.log(`a request during the outage failed after ${elapsedMs.toFixed(0)} ms`);
    expect(errorCodes(during)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(during.text).not.toMatch(/neo4j|bolt|ECONNREFUSED/i);
    expect(elapsedMs).toBeLessThan(10_000);
    expect(await health()).toBe(503);

    // A registration during the outage leaves nothing behind.
    const input = validRegistration();
    expect(errorCodes(await register(api!.url, input))).toEqual(['INTERNAL_SERVER_ERROR']);

    neo4j = await startNeo4j();
    const deadline = Date.now() + 60_000;
    while ((await health()) !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(await health()).toBe(200);

    const after = await graphql<{ me: { id: string } }>(api!.url, ME, {}, user.accessToken);
    expect(after.data?.me.id).toBe(user.id);
    expect((await register(api!.url, input)).errors).toEqual([]);
  }, 180_000);
});
