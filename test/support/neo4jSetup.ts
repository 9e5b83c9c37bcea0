// Starts one Neo4j for the whole test run (the bundled dev Neo4j on a free port and a
// temporary folder), unless NEO4J_URI names one to use. Tests read its address with
// inject('neo4jUri') and give every test its own data.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createConstraints } from '../../src/database/constraints.js';
import { startDevNeo4j, type DevNeo4j } from '../../src/database/devNeo4j.js';
import { createDriver } from '../../src/database/driver.js';
import { createLogger } from '../../src/logger.js';
import { freePort } from './freePort.js';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4jUri: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let devNeo4j: DevNeo4j | undefined;
  let dataDir: string | undefined;
  let uri = process.env.NEO4J_URI;

  if (!uri) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accounts-test-neo4j-'));
    const logger = createLogger('warn');
    devNeo4j = await startDevNeo4j({ dataDir, boltPort: await freePort(), logger });
    uri = devNeo4j.uri;
  }

  const driver = createDriver({
    uri,
    username: process.env.NEO4J_USERNAME ?? 'neo4j',
    password: process.env.NEO4J_PASSWORD ?? '',
  });
  try {
    await createConstraints(driver, process.env.NEO4J_DATABASE);
  } catch (error) {
    await devNeo4j?.stop();
    throw new Error(`Neo4j at ${uri} is not usable for the tests: ${String(error)}`);
  } finally {
    await driver.close();
  }
  project.provide('neo4jUri', uri);

  return async () => {
    await devNeo4j?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
