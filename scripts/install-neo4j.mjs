// Builds the bundled development Neo4j (neo4j/, a Maven module) so that `npm start` and
// `npm test` can run it without NEO4J_URI. Runs on `npm install`; without a JDK 17+ and Maven
// it explains and succeeds anyway, since NEO4J_URI can point at any Neo4j 5.26+ with APOC.
// `--build` (npm run neo4j) makes a failure fatal instead.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const pom = path.join(root, 'neo4j', 'pom.xml');
const jar = path.join(root, 'neo4j', 'target', 'dev-neo4j.jar');
const strict = process.argv.includes('--build');

/** @param {string} line */
const say = (line) => console.log(`[accounts-api] ${line}`);

function javaMajorVersion() {
  const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const result = spawnSync(java, ['-version'], { encoding: 'utf8' });
  const match = /version "(\d+)/.exec(`${result.stderr}${result.stdout}`);
  return match ? Number(match[1]) : undefined;
}

function hasMaven() {
  return spawnSync('mvn', ['--version'], { encoding: 'utf8' }).status === 0;
}

/**
 * @param {string} reason
 * @returns {never}
 */
function giveUp(reason) {
  const hint =
    'npm start and npm test need it only when NEO4J_URI is unset; NEO4J_URI can point at ' +
    'an existing Neo4j 5.26+ with APOC instead.';
  if (strict) {
    console.error(`[accounts-api] ${reason}`);
    process.exit(1);
  }
  say(`Skipped building the bundled dev Neo4j: ${reason}`);
  say(hint);
  return process.exit(0);
}

if (process.env.ACCOUNTS_SKIP_NEO4J_BUILD === '1' && !strict) process.exit(0);

const java = javaMajorVersion();
if (java === undefined)
  giveUp(
    'no Java found. Install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless).',
  );
if (java < 17) giveUp(`Java ${java} found; the bundled Neo4j 5.26 needs Java 17 or newer.`);
if (!hasMaven()) giveUp('Maven (mvn) not found. Install it (Debian: apt-get install maven).');

say('Building the bundled dev Neo4j with Maven (downloads Neo4j 5.26 and APOC the first time)...');
const build = spawnSync(
  'mvn',
  ['-B', '--no-transfer-progress', '-f', pom, 'package', '-DskipTests'],
  {
    stdio: 'inherit',
  },
);
if (build.status !== 0 || !fs.existsSync(jar)) {
  giveUp('the Maven build failed (see its output above); `npm run neo4j` tries again.');
}
say(`Bundled dev Neo4j ready: ${path.relative(root, jar)}`);
