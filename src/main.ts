import { ensurePortFree, PortInUse, startAccountsApi, type AccountsApi } from './app.js';
import { systemClock } from './clock.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createConstraints } from './database/constraints.js';
import { DevNeo4jUnavailable, startDevNeo4j, type DevNeo4j } from './database/devNeo4j.js';
import { createDriver, waitForDatabase } from './database/driver.js';
import { createLogger, type Logger } from './logger.js';
import { Metrics } from './metrics.js';

/** What is running, in start order; shutdown stops it in reverse. */
interface Running {
  devNeo4j?: DevNeo4j;
  driver?: ReturnType<typeof createDriver>;
  api?: AccountsApi;
}

const running: Running = {};

async function main(): Promise<void> {
  const config = readConfig();
  const metrics = new Metrics();
  const logger = createLogger(config.logLevel, {
    pretty: !config.isProduction && process.stdout.isTTY,
    onAuthEvent: (event, outcome) => metrics.authEvent(event, outcome),
  });
  installShutdown(logger);

  try {
    await start(config, logger, metrics);
  } catch (error) {
    // These say what to do in their message; a stack trace would only bury it.
    const explained = error instanceof DevNeo4jUnavailable || error instanceof PortInUse;
    if (explained) logger.fatal(error.message);
    else logger.fatal({ err: error }, 'start-up failed');
    await shutdown(logger, 1);
  }
}

async function start(config: Config, logger: Logger, metrics: Metrics): Promise<void> {
  await ensurePortFree(config.http.host, config.http.port);
  let uri = config.neo4j.uri;
  if (!uri) {
    const { dataDir, neo4j } = config;
    running.devNeo4j = await startDevNeo4j({ dataDir, boltPort: neo4j.devBoltPort, logger });
    uri = running.devNeo4j.uri;
  }

  const driver = createDriver({ ...config.neo4j, uri });
  running.driver = driver;
  logger.info({ event: 'database_connecting', uri }, 'connecting to Neo4j');
  await waitForDatabase(driver, {
    timeoutMs: 60_000,
    onWait: (error) => logger.info({ err: error }, 'Neo4j not reachable yet, retrying'),
  });
  await createConstraints(driver, config.neo4j.database);

  running.api = await startAccountsApi({ config, driver, logger, metrics, clock: systemClock });
  logger.info({ event: 'ready', url: running.api.url }, `accounts API ready at ${running.api.url}`);
}

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

function installShutdown(logger: Logger): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ event: 'shutdown', signal }, 'shutting down');
      void shutdown(logger, 0);
    });
  }
}

let stopping: Promise<void> | undefined;

/** Finishes in-flight requests, then closes the driver and stops the bundled Neo4j. */
function shutdown(logger: Logger, exitCode: number): Promise<void> {
  stopping ??= (async () => {
    try {
      await running.api?.close();
      await running.driver?.close();
      await running.devNeo4j?.stop();
      logger.info({ event: 'stopped' }, 'requests finished, driver closed, stopped');
    } catch (error) {
      logger.error({ err: error }, 'error while shutting down');
      exitCode = 1;
    }
    logger.flush();
    process.exit(exitCode);
  })();
  return stopping;
}

await main();
