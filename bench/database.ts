import fs from 'node:fs';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { createConstraints } from '../src/database/constraints.js';
import { startDevNeo4j } from '../src/database/devNeo4j.js';
import { createDriver, waitForDatabase } from '../src/database/driver.js';
import { createLogger } from '../src/logger.js';
import { freePort } from './services.js';

export interface BenchDatabase {
  uri: string;
  /** The bench's own driver: constraints, version, and the raw-driver ceiling. */
  driver: Driver;
  name: string | undefined;
  /** e.g. "Neo4j 5.26.0 community", "(bundled)" or "(NEO4J_URI)". */
  description: string;
  stop(): Promise<void>;
}

/**
 * The bundled dev Neo4j on a free port in its own folder under `workDir`, or the one that
 * NEO4J_URI names (its data is left alone: the bench only adds users with unique emails).
 */
export async function startBenchDatabase(workDir: string): Promise<BenchDatabase> {
  const external = process.env.NEO4J_URI;
  let uri = external;
  let stopDevNeo4j = async () => {};
  if (!uri) {
    const dataDir = path.join(workDir, 'neo4j');
    fs.mkdirSync(dataDir);
    const logger = createLogger('warn');
    const devNeo4j = await startDevNeo4j({ dataDir, boltPort: await freePort(), logger });
    uri = devNeo4j.uri;
    stopDevNeo4j = () => devNeo4j.stop();
  }

  const name = process.env.NEO4J_DATABASE;
  const driver = createDriver({
    uri,
    username: process.env.NEO4J_USERNAME ?? 'neo4j',
    password: process.env.NEO4J_PASSWORD ?? '',
    database: name,
  });
  try {
    await waitForDatabase(driver, { timeoutMs: 60_000 });
    await createConstraints(driver, name);
  } catch (error) {
    await driver.close();
    await stopDevNeo4j();
    throw error;
  }
  const version = await neo4jVersion(driver);
  return {
    uri,
    driver,
    name,
    description: `${version} ${external ? '(NEO4J_URI)' : '(bundled, embedded with APOC)'}`,
    async stop() {
      await driver.close();
      await stopDevNeo4j();
    },
  };
}

async function neo4jVersion(driver: Driver): Promise<string> {
  const { records } = await driver.executeQuery(
    'CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition',
  );
  const component = records[0]?.toObject() as
    { name: string; version: string; edition: string } | undefined;
  return component ? `${component.name} ${component.version} ${component.edition}` : 'Neo4j';
}
