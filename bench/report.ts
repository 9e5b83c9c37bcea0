import fs from 'node:fs';
import * as prettier from 'prettier';
import type { StartupFigures } from './api.js';
import type { HashBound } from './hashBound.js';
import type { InstanceRow } from './instances.js';
import type { LoadFigures } from './load.js';
import type { MachineFacts } from './machine.js';
import type { BenchPlan } from './plan.js';
import type { FloodFigures, MeRow } from './scenarios.js';

export interface BenchResults {
  plan: BenchPlan;
  startedAt: Date;
  elapsedSeconds: number;
  command: string;
  machine: MachineFacts;
  /** The machine is shared: other work on it skews every figure. */
  loadAverageAtStart: number;
  /** Shares of the machine's CPU time that others took during the run. */
  othersCpuShare: { otherProcesses: number; stolen: number };
  startup: StartupFigures & { runs: number };
  baselineStartupMs: number;
  me: MeRow[];
  hash: HashBound;
  login: LoadFigures;
  register: LoadFigures;
  flood: FloodFigures;
  instances: InstanceRow[];
  memory: { restMiB: number; meLoadPeakMiB: number; floodPeakMiB: number };
}

interface Verdict {
  target: string;
  figure: string;
  met: boolean;
}

/** The targets, each with the figure it is judged on. */
export function verdicts(results: BenchResults): Verdict[] {
  const { login, hash, flood } = results;
  const meRatios = results.me.map((row) => ({
    target: `\`me\` ≥ 0.8 × baseline (concurrency ${row.concurrency})`,
    figure: `${ratio(row.api.requestsPerSecond, row.baseline.requestsPerSecond)} × (${rate(row.api.requestsPerSecond)} vs ${rate(row.baseline.requestsPerSecond)} req/s)`,
    met: row.api.requestsPerSecond >= 0.8 * row.baseline.requestsPerSecond,
  }));
  return [
    ...meRatios,
    {
      target: 'login ≥ 0.85 × hash bound',
      figure: `${ratio(login.requestsPerSecond, hash.loginsPerSecond)} × (${rate(login.requestsPerSecond)} vs ${rate(hash.loginsPerSecond)} logins/s)`,
      met: login.requestsPerSecond >= 0.85 * hash.loginsPerSecond,
    },
    {
      target: 'login flood: `me` p99 ≤ 2 × idle',
      figure: `${ratio(flood.flood.me.p99Ms, flood.idle.me.p99Ms)} × (${ms(flood.flood.me.p99Ms)} vs ${ms(flood.idle.me.p99Ms)})`,
      met: flood.flood.me.p99Ms <= 2 * flood.idle.me.p99Ms,
    },
    {
      target: 'login flood: event-loop lag p99 < 20 ms',
      figure: `${ms(flood.flood.lag.p99Ms)} (idle ${ms(flood.idle.lag.p99Ms)})`,
      met: flood.flood.lag.p99Ms < 20,
    },
  ];
}

/** The whole report as Markdown, formatted the way the project's Prettier wants it. */
export async function renderReport(results: BenchResults): Promise<string> {
  const at = results.startedAt.toISOString();
  const markdown = [
    '# Benchmarks',
    '',
    (results.command.includes('--quick')
      ? `Printed by \`${results.command}\` on ${at}: a quick run, not written to BENCHMARKS.md. `
      : `Written by \`npm run bench\` on ${at}; do not edit by hand, run it again. `) +
      'The code is in `bench/`; how it measures is described under [Method](#method).',
    '',
    '## Targets',
    '',
    table(
      ['target', 'figure', 'verdict'],
      verdicts(results).map((v) => [v.target, v.figure, v.met ? 'met' : '**missed**']),
    ),
    '',
    ...figures(results),
    ...about(results),
  ].join('\n');
  const options = await prettier.resolveConfig('BENCHMARKS.md');
  return prettier.format(markdown, { ...options, parser: 'markdown' });
}

function figures(results: BenchResults): string[] {
  const { hash, login, register, flood, memory, startup } = results;
  const window = (name: string, w: FloodFigures['idle']) => [
    name,
    `${ms(w.me.p50Ms)} / ${ms(w.me.p99Ms)}`,
    `${ms(w.lag.p50Ms)} / ${ms(w.lag.p99Ms)} / ${ms(w.lag.maxMs)}`,
    w.metricsLagP99Ms === undefined ? 'no /metrics' : ms(w.metricsLagP99Ms),
  ];
  return [
    '## `me`: API, hand-written baseline, raw driver',
    '',
    table(
      [
        'concurrency',
        'API req/s',
        'API p50 / p99',
        'baseline req/s',
        'baseline p50 / p99',
        'API / baseline',
        'driver queries/s',
      ],
      results.me.map((row) => [
        String(row.concurrency),
        rate(row.api.requestsPerSecond),
        `${ms(row.api.p50Ms)} / ${ms(row.api.p99Ms)}`,
        rate(row.baseline.requestsPerSecond),
        `${ms(row.baseline.p50Ms)} / ${ms(row.baseline.p99Ms)}`,
        ratio(row.api.requestsPerSecond, row.baseline.requestsPerSecond),
        rate(row.ceilingQueriesPerSecond),
      ]),
    ),
    '',
    '## Passwords: login and register',
    '',
    table(
      ['figure', 'value'],
      [
        [`one bcrypt hash at cost ${hash.cost} (bcryptjs, this machine)`, ms(hash.hashMs)],
        ['hashing pool (HASH_THREADS)', `${hash.poolSize} threads`],
        ['hash bound (pool / hash time)', `${rate(hash.loginsPerSecond)} logins/s`],
        [
          'the same pool measured flat out (PasswordHasher alone, no HTTP)',
          `${rate(hash.poolHashesPerSecond)} hashes/s`,
        ],
        [
          `login, concurrency ${results.plan.loginConcurrency}, ${results.plan.loginRequests} requests`,
          `${rate(login.requestsPerSecond)} /s (p50 ${ms(login.p50Ms)}, p99 ${ms(login.p99Ms)})`,
        ],
        ['login / hash bound', ratio(login.requestsPerSecond, hash.loginsPerSecond)],
        ['login / measured pool', ratio(login.requestsPerSecond, hash.poolHashesPerSecond)],
        [
          `register, concurrency ${results.plan.registerConcurrency}, ${results.plan.registerRequests} requests, a new email each`,
          `${rate(register.requestsPerSecond)} /s (p50 ${ms(register.p50Ms)}, p99 ${ms(register.p99Ms)})`,
        ],
        ['failed requests (login, register)', `${login.failed}, ${register.failed}`],
      ],
    ),
    '',
    '## Login flood: `me` and the event loop',
    '',
    table(
      ['window', '`me` p50 / p99', 'event-loop lag p50 / p99 / max', '/metrics lag p99 (raw)'],
      [
        window('idle', flood.idle),
        window(`login flood (${rate(flood.login.requestsPerSecond)} logins/s)`, flood.flood),
      ],
    ),
    '',
    '## One instance or two',
    '',
    table(
      [
        'API instances',
        '`me` req/s (p50 / p99)',
        'logins/s (p50 / p99)',
        '`me` / one',
        'login / one',
      ],
      results.instances.map((row) => [
        String(row.instances),
        `${rate(row.me.requestsPerSecond)} (${ms(row.me.p50Ms)} / ${ms(row.me.p99Ms)})`,
        `${rate(row.login.requestsPerSecond)} (${ms(row.login.p50Ms)} / ${ms(row.login.p99Ms)})`,
        ratio(row.me.requestsPerSecond, results.instances[0]!.me.requestsPerSecond),
        ratio(row.login.requestsPerSecond, results.instances[0]!.login.requestsPerSecond),
      ]),
    ),
    '',
    '## Start-up and memory',
    '',
    table(
      ['figure', 'value'],
      [
        [
          `API start-up, spawn to \`/health\` 200 (median of ${startup.runs})`,
          ms(startup.startupMs),
        ],
        [
          'schema build (`schema_built` durationMs)',
          startup.schemaBuiltMs === undefined ? 'not logged' : ms(startup.schemaBuiltMs),
        ],
        ['baseline start-up, spawn to `/health` 200', ms(results.baselineStartupMs)],
        ['API RSS at rest (after start-up and registering the users)', mib(memory.restMiB)],
        ['API RSS peak under `me` load', mib(memory.meLoadPeakMiB)],
        ['API RSS peak during the login flood', mib(memory.floodPeakMiB)],
      ],
    ),
    '',
  ];
}

function about(results: BenchResults): string[] {
  const { machine, plan } = results;
  return [
    '## Run',
    '',
    table(
      ['', ''],
      [
        ['date', results.startedAt.toISOString()],
        ['command', `\`${results.command}\``],
        ['run time', `${Math.round(results.elapsedSeconds)} s`],
        ['load average (1 min) at the start', results.loadAverageAtStart.toFixed(2)],
        [
          'CPU taken by other processes during the run',
          `${percent(results.othersCpuShare.otherProcesses)} of the machine`,
        ],
        [
          'CPU stolen by the hypervisor during the run',
          `${percent(results.othersCpuShare.stolen)} of the machine`,
        ],
        ['CPU', machine.cpu],
        ['cores', String(machine.cores)],
        ['memory', `${machine.memoryGiB.toFixed(1)} GiB`],
        ['system', machine.os],
        ['Node.js', machine.node],
        ['Neo4j', machine.neo4j],
      ],
    ),
    '',
    '## Method',
    '',
    ...[
      'The API runs as a child process, built (`npm run build`) and started as `node dist/main.js` with `LOG_LEVEL=warn`, `BCRYPT_COST` (12 unless set), every `RATE_LIMIT_*` at 1000000/1m and `ACCESS_TOKEN_TTL=1h`, against the bundled Neo4j started on a free port in a temporary folder (or `NEO4J_URI`). Start-up is timed on separate starts with `LOG_LEVEL=info`, which also log `schema_built`.',
      `Load comes from autocannon in the bench process; only \`200\` answers without GraphQL \`errors\` count. Users are registered through the API; each connection uses one of the ${plan.users} users (round-robin).`,
      "`me` sends `{ me { id email name } }` with a bearer token. The baseline (`bench/baselineServer.ts`, its own process) runs on the API's own HTTP stack (`src/httpStack.ts`: Express 5, helmet, request ids and logs, CORS, the same JSON body parser and error handlers), with the same `AccessTokens` check and config, and one Cypher query that checks the session and reads the user; it answers the same JSON. API and baseline take turns; the median of the rounds counts. The driver ceiling runs that query through neo4j-driver in as many parallel loops as the concurrency, without HTTP.",
      "The hash bound is HASH_THREADS (default: the number of CPUs) divided by the time of one `bcrypt.hashSync` at the configured cost, timed while the API is idle just before and just after the login run (the mean of both counts). The measured pool is the API's own `PasswordHasher`, run flat out without the API: on a shared machine the cores may not give the pool what the nominal bound assumes. Login and register run to a number of requests (at about 4 per second a timed run would mostly measure its edges); after the timed login flood the bench waits until the hashing pool has finished the requests autocannon left in flight.",
      `Event-loop lag comes from \`bench/lagProbe.js\`, preloaded into the API with \`--import\` (\`monitorEventLoopDelay\`, 10 ms resolution; the figures are the delay beyond those 10 ms). During the idle and the flood windows \`me\` is sent at a fixed rate of ${plan.probeRate} requests/s on ${plan.probeConnections} connections; the flood is \`login\` at concurrency ${plan.loginConcurrency}. When the API serves \`GET /metrics\` (prom-client), its \`nodejs_eventloop_lag_p99_seconds\` over the same window is shown too: it is the raw timer delay, 10 ms period included.`,
      `One instance or two: a second API instance is started on the same Neo4j with the same secrets; \`me\` (${plan.instancesConcurrency} connections, ${plan.meSeconds} s) and login (${plan.loginConcurrency} connections, ${plan.loginRequests} requests) run against the first alone, then split evenly between both, one autocannon per instance, as a load balancer would spread them; rates are summed, percentiles are the slower instance's.`,
      "RSS is `VmRSS` from `/proc/<pid>/status`, sampled every 200 ms. The CPU taken by other processes is the machine's busy time (`/proc/stat`) less that of the bench and everything it started; stolen time is `steal` in `/proc/stat`.",
    ].map((line) => `- ${line}`),
    '',
    '## Reproduce',
    '',
    '```sh',
    'npm install',
    'npm run bench              # full run, about 10 minutes; rewrites BENCHMARKS.md',
    'npm run bench -- --quick   # under 2 minutes; prints the report, writes nothing',
    '```',
    '',
    'Set `NEO4J_URI` (and `NEO4J_USERNAME`, `NEO4J_PASSWORD`) to use an existing Neo4j instead',
    'of the bundled one, `BCRYPT_COST` or `HASH_THREADS` to benchmark other settings, and',
    '`BENCH_API_NODE_ARGS` (e.g. `--cpu-prof --cpu-prof-dir=/tmp/profiles`) to profile the API.',
    '`--no-build` skips `npm run build`. The machine is shared and noisy: compare runs on the',
    'same machine, not single figures.',
    '',
  ];
}

export async function writeReport(file: string, report: string): Promise<void> {
  await fs.promises.writeFile(file, report);
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) =>
    `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const rate = (perSecond: number) =>
  perSecond >= 100 ? perSecond.toFixed(0) : perSecond.toFixed(1);
const ms = (milliseconds: number) => `${milliseconds.toFixed(milliseconds < 100 ? 1 : 0)} ms`;
const percent = (share: number) => `${(share * 100).toFixed(0)}%`;
const mib = (value: number) => `${value.toFixed(0)} MiB`;
const ratio = (value: number, reference: number) => (value / reference).toFixed(2);
