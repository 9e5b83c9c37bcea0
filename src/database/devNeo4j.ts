import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Logger } from '../logger.js';

const projectRoot = path.resolve(import.meta.dirname, '..', '..');
const jarFile = path.join(projectRoot, 'neo4j', 'target', 'dev-neo4j.jar');
const READY_LINE = /ready at (bolt:\/\/\S+)/;
const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 60_000;

/** Heap and GC for a small development database on a shared two-core machine. */
const JVM_OPTIONS = [
  '-Xms256m',
  '-Xmx1g',
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-Xlog:disable',
  '-Xlog:all=warning:stderr',
];

export interface DevNeo4jOptions {
  dataDir: string;
  boltPort: number;
  logger: Logger;
}

export interface DevNeo4j {
  uri: string;
  /** Shuts the database down cleanly; resolves when the process has exited. */
  stop(): Promise<void>;
}

export class DevNeo4jUnavailable extends Error {
  override name = 'DevNeo4jUnavailable';
}

/**
 * Starts the bundled development Neo4j (neo4j/, Bolt on loopback, no auth) as a child process
 * and resolves once it accepts connections. The child watches its stdin, so it also shuts down
 * when this process dies without stopping it.
 */
export async function startDevNeo4j({
  dataDir,
  boltPort,
  logger,
}: DevNeo4jOptions): Promise<DevNeo4j> {
  ensureBuilt(logger);
  const storeDir = path.join(dataDir, 'neo4j');
  fs.mkdirSync(storeDir, { recursive: true });

  logger.info({ event: 'neo4j_starting', storeDir, boltPort }, 'starting the bundled dev Neo4j');
  const args = [
    ...JVM_OPTIONS,
    '-jar',
    jarFile,
    '--data-dir',
    storeDir,
    '--bolt-port',
    String(boltPort),
  ];
  const child = spawn(javaCommand(), [...args, '--exit-on-stdin-close'], { stdio: 'pipe' });

  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const uri = await waitForReady(child, exited, logger);
  logger.info({ event: 'neo4j_ready', uri }, 'bundled dev Neo4j ready');

  return {
    uri,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
      logger.info({ event: 'neo4j_stopped' }, 'bundled dev Neo4j stopped');
    },
  };
}

function waitForReady(
  child: ChildProcessWithoutNullStreams,
  exited: Promise<number | null>,
  logger: Logger,
): Promise<string> {
  const errorLines: string[] = [];
  readline.createInterface({ input: child.stderr }).on('line', (line) => {
    errorLines.push(line);
    logger.warn({ source: 'neo4j' }, line);
  });

  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const progress = setInterval(() => {
      const waitedSeconds = Math.round((Date.now() - startedAt) / 1000);
      logger.info({ event: 'neo4j_waiting', waitedSeconds }, 'still waiting for Neo4j to start');
    }, 5_000);
    const timeout = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new DevNeo4jUnavailable(`Neo4j did not start within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);

    function finish(result: string | Error) {
      clearInterval(progress);
      clearTimeout(timeout);
      if (typeof result === 'string') resolve(result);
      else reject(result);
    }

    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const ready = READY_LINE.exec(line);
      if (ready?.[1]) finish(ready[1]);
      else logger.info({ source: 'neo4j' }, line);
    });
    void exited.then((code) => {
      const reason = errorLines.slice(-5).join('\n') || `exit code ${code}`;
      const hint = /already in use|is locked/.test(reason)
        ? '\nIs another `npm start` running on this DATA_DIR or port? Stop it, or set ' +
          'NEO4J_DEV_BOLT_PORT, PORT and DATA_DIR for a second instance.'
        : '';
      finish(
        new DevNeo4jUnavailable(`The bundled dev Neo4j stopped while starting:\n${reason}${hint}`),
      );
    });
    child.once('error', (error) =>
      finish(new DevNeo4jUnavailable(`Could not run Java: ${error.message}`)),
    );
  });
}

function javaCommand(): string {
  const javaHome = process.env.JAVA_HOME;
  return javaHome ? path.join(javaHome, 'bin', 'java') : 'java';
}

/** Builds the Maven module when it is missing and the tools exist; otherwise says what to do. */
function ensureBuilt(logger: Logger): void {
  if (fs.existsSync(jarFile)) return;

  logger.info({ event: 'neo4j_building' }, 'building the bundled dev Neo4j (first start only)');
  const script = path.join(projectRoot, 'scripts', 'install-neo4j.mjs');
  const build = spawnSync(process.execPath, [script, '--build'], { stdio: ['ignore', 2, 'pipe'] });
  if (build.status === 0 && fs.existsSync(jarFile)) return;

  const reason = build.stderr.toString().trim() || 'the Maven build of neo4j/ failed';
  throw new DevNeo4jUnavailable(
    `${reason}\nThe bundled dev Neo4j needs a JDK 17+ and Maven (then run: npm run neo4j). ` +
      'Or set NEO4J_URI (with NEO4J_USERNAME and NEO4J_PASSWORD) to an existing Neo4j 5.26+ ' +
      'with the APOC core plugin.',
  );
}
