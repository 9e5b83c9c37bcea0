// npm run bench [-- --quick] [--no-build]: starts Neo4j, the API and the baseline, runs every
// scenario, prints the report, and (full run only) writes it to BENCHMARKS.md.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { AccessTokens } from '../src/auth/accessToken.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { ApiProcess, sharedEnvironment, type ApiSettings } from './api.js';
import { cpuSnapshot, othersShare } from './cpuShare.js';
import { startBenchDatabase } from './database.js';
import { boundAround, measureHashBound } from './hashBound.js';
import { compareInstances } from './instances.js';
import { graphqlRequest } from './load.js';
import { describeMachine } from './machine.js';
import { ME_DOCUMENT } from './meQuery.js';
import { residentMiB } from './memory.js';
import { step } from './progress.js';
import { parseArguments, type BenchPlan } from './plan.js';
import { renderReport, verdicts, writeReport, type BenchResults } from './report.js';
import { compareMe, measureFlood, measureLogin, measureRegister } from './scenarios.js';
import { freePort, startService, stopRunningServices } from './services.js';
import { median } from './statistics.js';
import { registerUsers } from './users.js';

const projectRoot = path.resolve(import.meta.dirname, '..');
const REPORT_FILE = path.join(projectRoot, 'BENCHMARKS.md');

/** What the bench started, stopped in reverse order at the end, on an error or on Ctrl-C. */
class Cleanup {
  private readonly steps: (() => Promise<void> | void)[] = [];
  private running: Promise<void> | undefined;

  add(step: () => Promise<void> | void): void {
    this.steps.push(step);
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        await Promise.resolve()
          .then(step)
          .catch((error: unknown) => console.error('while stopping:', error));
      }
    })();
    return this.running;
  }
}

const cleanup = new Cleanup();
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // `on`, not `once`: a second Ctrl-C must not cut the clean-up short.
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${signal}: stopping everything the bench started`);
    void cleanup.run().then(() => process.exit(130));
  });
}

async function main(): Promise<void> {
  const { plan, skipBuild } = parseArguments(process.argv.slice(2));
  const startedAt = new Date();
  const started = performance.now();
  const cpuAtStart = cpuSnapshot();
  const loadAtStart = os.loadavg()[0]!;
  if (loadAtStart > 0.5) {
    console.warn(
      `the machine is busy (load average ${loadAtStart.toFixed(1)}): figures will be noisy`,
    );
  }
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accounts-bench-'));
  cleanup.add(() => fs.rmSync(workDir, { recursive: true, force: true }));

  step(`${skipBuild ? '' : 'building the API and '}starting Neo4j`);
  const [, database] = await Promise.all([
    skipBuild
      ? undefined
      : promisify(execFile)('npm', ['run', 'build', '--silent'], { cwd: projectRoot }),
    startBenchDatabase(workDir),
  ]);
  cleanup.add(() => database.stop());
  // The API (also the ones started only to time start-up) and the baseline, before Neo4j.
  cleanup.add(stopRunningServices);

  const settings: ApiSettings = {
    neo4jUri: database.uri,
    jwtSecret: randomBytes(48).toString('base64'),
    passwordPepper: randomBytes(48).toString('base64'),
    bcryptCost: Number(process.env.BCRYPT_COST ?? 12),
    workDir,
  };

  step(`timing the API's start-up (${plan.startupRuns}×)`);
  const startups = [];
  for (let run = 0; run < plan.startupRuns; run++)
    startups.push(await ApiProcess.measureStartup(settings));

  step('starting the API and the baseline');
  const api = await ApiProcess.start(settings, { logLevel: 'warn' });
  const baselinePort = await freePort();
  const baseline = await startService({
    name: 'the baseline',
    nodeArguments: ['--import', 'tsx', path.join(import.meta.dirname, 'baselineServer.ts')],
    env: { ...sharedEnvironment(settings), PORT: String(baselinePort), LOG_LEVEL: 'warn' },
    healthUrl: `http://127.0.0.1:${baselinePort}/health`,
  });
  const baselineUrl = `http://127.0.0.1:${baselinePort}/graphql`;

  step(`registering ${plan.users} users`);
  const users = await registerUsers(api.graphqlUrl, plan.users);
  const claims = accessTokensOf(settings).verify(users[0]!.accessToken)!;
  await checkSameAnswer(api.graphqlUrl, baselineUrl, users[0]!.accessToken);
  const restMiB = residentMiB(api.pid);

  const targets = {
    plan,
    api,
    baselineUrl,
    database,
    users,
    caller: { userId: claims.sub, sessionId: claims.sid },
  };
  step('me: API, baseline, raw driver');
  const me = await compareMe(targets);
  const timeBcrypt = () =>
    measureHashBound(settings.bcryptCost, {
      samples: plan.hashSamples,
      poolSeconds: plan.poolSeconds,
    });
  step(`timing bcrypt at cost ${settings.bcryptCost}`);
  const boundBefore = await timeBcrypt();
  step(`login at concurrency ${plan.loginConcurrency}`);
  const login = await measureLogin(targets);
  step(`timing bcrypt at cost ${settings.bcryptCost} again`);
  const hash = boundAround(boundBefore, await timeBcrypt());
  step(`register at concurrency ${plan.registerConcurrency}`);
  const register = await measureRegister(targets);
  step('login flood');
  const flood = await measureFlood(targets);
  step('one API instance, then two on the same Neo4j');
  const second = await ApiProcess.start(settings, { logLevel: 'warn' });
  const instances = await compareInstances(targets, second);
  await second.stop();

  const results: BenchResults = {
    plan,
    startedAt,
    elapsedSeconds: (performance.now() - started) / 1000,
    command: commandLine(plan),
    machine: describeMachine(database.description),
    loadAverageAtStart: loadAtStart,
    othersCpuShare: othersShare(cpuAtStart, cpuSnapshot()),
    startup: {
      runs: startups.length,
      startupMs: median(startups.map((s) => s.startupMs)),
      schemaBuiltMs: medianOrUndefined(startups.flatMap((s) => s.schemaBuiltMs ?? [])),
    },
    baselineStartupMs: baseline.startupMs,
    me: me.rows,
    hash,
    login,
    register,
    flood: flood.figures,
    instances,
    memory: { restMiB, meLoadPeakMiB: me.peakMiB, floodPeakMiB: flood.peakMiB },
  };
  const report = await renderReport(results);
  console.log(`\n${report}`);
  if (plan.quick) {
    console.log('(quick run: BENCHMARKS.md left as it is)');
  } else {
    await writeReport(REPORT_FILE, report);
    console.log(`written to ${path.relative(process.cwd(), REPORT_FILE)}`);
  }
  const missed = verdicts(results).filter((verdict) => !verdict.met);
  console.log(missed.length === 0 ? 'all targets met' : `${missed.length} target(s) missed`);
}

function medianOrUndefined(values: number[]): number | undefined {
  return values.length > 0 ? median(values) : undefined;
}

function accessTokensOf(settings: ApiSettings): AccessTokens {
  const config = loadConfig({ ...sharedEnvironment(settings), DATA_DIR: settings.workDir });
  return new AccessTokens(config.tokens, systemClock);
}

/** The baseline must answer exactly what the API answers, or the comparison means nothing. */
async function checkSameAnswer(apiUrl: string, baselineUrl: string, accessToken: string) {
  const { headers, body } = graphqlRequest(ME_DOCUMENT, undefined, accessToken);
  // Compared as JSON: Apollo Server ends its answer with a newline.
  const answer = (url: string) =>
    fetch(url, { method: 'POST', headers, body })
      .then((response) => response.json())
      .then((json) => JSON.stringify(json));
  const [fromApi, fromBaseline] = await Promise.all([answer(apiUrl), answer(baselineUrl)]);
  if (fromApi !== fromBaseline || !fromApi.startsWith('{"data":{"me":{')) {
    throw new Error(
      `the baseline answers differently:\nAPI:      ${fromApi}\nbaseline: ${fromBaseline}`,
    );
  }
}

function commandLine(plan: BenchPlan): string {
  const settings = ['NEO4J_URI', 'BCRYPT_COST', 'HASH_THREADS']
    .filter((name) => process.env[name] !== undefined)
    .map((name) => `${name}=${process.env[name]}`);
  return [...settings, 'npm run bench', ...(plan.quick ? ['--', '--quick'] : [])].join(' ');
}

try {
  await main();
  await cleanup.run();
} catch (error) {
  // After Ctrl-C the scenario under way fails as its servers go; that is no news.
  if (!interrupted) console.error(error);
  await cleanup.run();
  process.exitCode = 1;
}
