import type { ApiProcess, LagFigures } from './api.js';
import type { BenchDatabase } from './database.js';
import { measureDriverCeiling } from './driverCeiling.js';
import { graphqlRequest, runLoad, type LoadFigures, type RequestShape } from './load.js';
import { ME_DOCUMENT } from './meQuery.js';
import { peakResidentMiB } from './memory.js';
import type { BenchPlan } from './plan.js';
import { step } from './progress.js';
import { median } from './statistics.js';
import { LOGIN_DOCUMENT, newRegistration, REGISTER_DOCUMENT, type BenchUser } from './users.js';

export interface BenchTargets {
  plan: BenchPlan;
  api: ApiProcess;
  baselineUrl: string;
  database: BenchDatabase;
  users: BenchUser[];
  /** The first user's session, for the raw-driver ceiling. */
  caller: { userId: string; sessionId: string };
}

export interface MeRow {
  concurrency: number;
  api: LoadFigures;
  baseline: LoadFigures;
  ceilingQueriesPerSecond: number;
}

export interface ProbeWindow {
  me: LoadFigures;
  lag: LagFigures;
  /** The same window's p99 from the API's own GET /metrics, when it has one. */
  metricsLagP99Ms: number | undefined;
}

export interface FloodFigures {
  idle: ProbeWindow;
  flood: ProbeWindow;
  login: LoadFigures;
}

/** Logins and registrations wait for the hashing pool; on a busy machine that takes a while. */
const PASSWORD_TIMEOUT_SECONDS = 60;

/** Each connection reads `me` as one of the users, round-robin. */
export function meRequest(users: BenchUser[]) {
  return (connection: number): RequestShape =>
    graphqlRequest(ME_DOCUMENT, undefined, users[connection % users.length]!.accessToken);
}

/** Each connection logs in as one of the users, round-robin. */
export function loginRequest(users: BenchUser[]) {
  return (connection: number): RequestShape => {
    const { email, password } = users[connection % users.length]!;
    return graphqlRequest(LOGIN_DOCUMENT, { input: { email, password } });
  };
}

/**
 * `me` through the API and through the baseline at each concurrency, taking turns so that
 * both see the same noise from the shared machine; the median of the rounds counts. The
 * ceiling (raw driver, same concurrency) follows each. Also returns the API's peak RSS.
 */
export async function compareMe(
  targets: BenchTargets,
): Promise<{ rows: MeRow[]; peakMiB: number }> {
  const { plan, api, users } = targets;
  const load = (url: string, connections: number, seconds: number) =>
    runLoad({ url, connections, seconds, requestFor: meRequest(users) });

  const { result: rows, peakMiB } = await peakResidentMiB(api.pid, async () => {
    const rows: MeRow[] = [];
    for (const concurrency of plan.meConcurrencies) {
      step(`  me at concurrency ${concurrency}`);
      await load(api.graphqlUrl, concurrency, plan.warmupSeconds);
      await load(targets.baselineUrl, concurrency, plan.warmupSeconds);
      const apiRounds: LoadFigures[] = [];
      const baselineRounds: LoadFigures[] = [];
      for (let round = 0; round < plan.meRounds; round++) {
        apiRounds.push(await load(api.graphqlUrl, concurrency, plan.meSeconds));
        baselineRounds.push(await load(targets.baselineUrl, concurrency, plan.meSeconds));
      }
      const ceilingQueriesPerSecond = await measureDriverCeiling(
        targets.database.driver,
        targets.database.name,
        targets.caller,
        { concurrency, seconds: plan.ceilingSeconds },
      );
      rows.push({
        concurrency,
        api: medianFigures(apiRounds),
        baseline: medianFigures(baselineRounds),
        ceilingQueriesPerSecond,
      });
    }
    return rows;
  });
  return { rows, peakMiB };
}

/** Logins as fast as the API takes them, each connection as one of the users. */
export function measureLogin(targets: BenchTargets): Promise<LoadFigures> {
  const { plan, api, users } = targets;
  return runLoad({
    url: api.graphqlUrl,
    connections: plan.loginConcurrency,
    requests: plan.loginRequests,
    timeoutSeconds: PASSWORD_TIMEOUT_SECONDS,
    requestFor: loginRequest(users),
  });
}

/** Registrations with a new email each. */
export function measureRegister(targets: BenchTargets): Promise<LoadFigures> {
  const { plan, api } = targets;
  const nextBody = () =>
    graphqlRequest(REGISTER_DOCUMENT, { input: newRegistration('bench-register') }).body;
  return runLoad({
    url: api.graphqlUrl,
    connections: plan.registerConcurrency,
    requests: plan.registerRequests,
    timeoutSeconds: PASSWORD_TIMEOUT_SECONDS,
    requestFor: () => ({ headers: { 'content-type': 'application/json' }, body: nextBody() }),
    nextBody,
  });
}

/**
 * autocannon stops a timed run with requests in flight; the API still hashes their passwords.
 * One more login queues behind them all (the pool is first in, first out): when it is
 * answered, the pool is empty again.
 */
async function drainHashingPool({ api, users }: BenchTargets): Promise<void> {
  const { headers, body } = loginRequest(users)(0);
  const response = await fetch(api.graphqlUrl, { method: 'POST', headers, body });
  await response.text();
}

/**
 * `me` at a fixed, modest rate with the event loop sampled: once with the API otherwise idle,
 * once while a login flood keeps the hashing pool full. Also returns the API's peak RSS.
 */
export async function measureFlood(
  targets: BenchTargets,
): Promise<{ figures: FloodFigures; peakMiB: number }> {
  const { plan, api, users } = targets;
  const probeSeconds = plan.floodSeconds - 2;
  const probeWindow = async (): Promise<ProbeWindow> => {
    await api.metricsLagP99Ms(); // prom-client resets its histogram on each scrape
    const { result: me, lag } = await api.measureLag(() =>
      runLoad({
        url: api.graphqlUrl,
        connections: plan.probeConnections,
        seconds: probeSeconds,
        overallRate: plan.probeRate,
        requestFor: meRequest(users),
      }),
    );
    return { me, lag, metricsLagP99Ms: await api.metricsLagP99Ms() };
  };

  step('  me and event-loop lag, idle');
  const idle = await probeWindow();
  step('  me and event-loop lag during a login flood');
  const { result, peakMiB } = await peakResidentMiB(api.pid, async () => {
    const login = runLoad({
      url: api.graphqlUrl,
      connections: plan.loginConcurrency,
      seconds: plan.floodSeconds,
      timeoutSeconds: PASSWORD_TIMEOUT_SECONDS,
      requestFor: loginRequest(users),
    });
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the pool fills up first
    const flood = await probeWindow();
    return { flood, login: await login };
  });
  await drainHashingPool(targets);
  return { figures: { idle, ...result }, peakMiB };
}

function medianFigures(rounds: LoadFigures[]): LoadFigures {
  const of = (pick: (figures: LoadFigures) => number) => median(rounds.map(pick));
  return {
    requestsPerSecond: of((figures) => figures.requestsPerSecond),
    p50Ms: of((figures) => figures.p50Ms),
    p99Ms: of((figures) => figures.p99Ms),
    succeeded: rounds.reduce((sum, figures) => sum + figures.succeeded, 0),
    failed: rounds.reduce((sum, figures) => sum + figures.failed, 0),
  };
}
