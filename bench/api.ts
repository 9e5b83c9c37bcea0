import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort, startService, type Service } from './services.js';

const projectRoot = path.resolve(import.meta.dirname, '..');
const lagProbe = pathToFileURL(path.join(import.meta.dirname, 'lagProbe.js')).href;

/** Rate limits out of the way: every benchmark request comes from 127.0.0.1. */
const UNLIMITED = '1000000/1m';

export interface ApiSettings {
  neo4jUri: string;
  jwtSecret: string;
  passwordPepper: string;
  bcryptCost: number;
  /** Parent folder of each instance's DATA_DIR (mail outbox). */
  workDir: string;
}

/** Event-loop lag over one window, beyond the sampling period, from bench/lagProbe.js. */
export interface LagFigures {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface StartupFigures {
  /** From spawn to the first 200 of /health. */
  startupMs: number;
  /** What the server logs as `schema_built` (durationMs). */
  schemaBuiltMs: number | undefined;
}

/** The environment shared by the API and the baseline, so both read the same config. */
export function sharedEnvironment(settings: ApiSettings): NodeJS.ProcessEnv {
  const passedThrough = ['PATH', 'HOME', 'TMPDIR', 'NEO4J_USERNAME', 'NEO4J_PASSWORD'];
  const env: NodeJS.ProcessEnv = {};
  for (const name of [...passedThrough, 'NEO4J_DATABASE', 'HASH_THREADS', 'DEBUG']) {
    if (process.env[name] !== undefined) env[name] = process.env[name];
  }
  return {
    ...env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    NEO4J_URI: settings.neo4jUri,
    JWT_SECRET: settings.jwtSecret,
    PASSWORD_PEPPER: settings.passwordPepper,
    BCRYPT_COST: String(settings.bcryptCost),
    // The full run takes ~10 minutes: tokens issued at its start must last to its end.
    ACCESS_TOKEN_TTL: '1h',
    RATE_LIMIT_LOGIN_ACCOUNT: UNLIMITED,
    RATE_LIMIT_LOGIN_ADDRESS: UNLIMITED,
    RATE_LIMIT_REGISTER: UNLIMITED,
    RATE_LIMIT_REFRESH: UNLIMITED,
    RATE_LIMIT_PASSWORD_RESET: UNLIMITED,
    RATE_LIMIT_EMAIL_VERIFICATION: UNLIMITED,
    RATE_LIMIT_EMAIL_CHANGE: UNLIMITED,
  };
}

export class ApiProcess {
  private constructor(
    readonly service: Service,
    readonly baseUrl: string,
  ) {}

  get graphqlUrl(): string {
    return `${this.baseUrl}/graphql`;
  }

  get pid(): number {
    return this.service.pid;
  }

  /**
   * Starts `node dist/main.js` (built beforehand) with the lag probe preloaded. Extra Node
   * options for profiling come from BENCH_API_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p".
   */
  static async start(
    settings: ApiSettings,
    { logLevel, onLine }: { logLevel: string; onLine?: (line: string) => void },
  ): Promise<ApiProcess> {
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(settings.workDir, 'api-'));
    const extraArguments = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const baseUrl = `http://127.0.0.1:${port}`;
    const service = await startService({
      name: 'the API',
      nodeArguments: [
        ...extraArguments,
        '--import',
        lagProbe,
        path.join(projectRoot, 'dist', 'main.js'),
      ],
      env: {
        ...sharedEnvironment(settings),
        PORT: String(port),
        DATA_DIR: dataDir,
        LOG_LEVEL: logLevel,
      },
      healthUrl: `${baseUrl}/health`,
      ...(onLine && { onLine }),
    });
    return new ApiProcess(service, baseUrl);
  }

  /** Starts the API with info logs only to time its start-up and schema build, then stops it. */
  static async measureStartup(settings: ApiSettings): Promise<StartupFigures> {
    let schemaBuiltMs: number | undefined;
    const api = await ApiProcess.start(settings, {
      logLevel: 'info',
      onLine: (line) => {
        const entry = parseJson(line);
        if (entry?.event === 'schema_built') schemaBuiltMs = Number(entry.durationMs);
      },
    });
    await api.stop();
    return { startupMs: api.service.startupMs, schemaBuiltMs };
  }

  /** Runs `work` while the API's lag probe samples its event loop. */
  async measureLag<T>(work: () => Promise<T>): Promise<{ result: T; lag: LagFigures }> {
    const child = this.service.child;
    child.send('lag:start');
    const result = await work();
    const lag = new Promise<LagFigures>((resolve) => {
      const onMessage = (message: { type?: string } & LagFigures) => {
        if (message.type !== 'lag') return;
        child.off('message', onMessage);
        resolve(message);
      };
      child.on('message', onMessage);
    });
    child.send('lag:stop');
    return { result, lag: await lag };
  }

  /** Event-loop lag p99 in ms from GET /metrics, when the API has one (prom-client). */
  async metricsLagP99Ms(): Promise<number | undefined> {
    const response = await fetch(`${this.baseUrl}/metrics`).catch(() => undefined);
    if (!response?.ok) return undefined;
    const match = /^nodejs_eventloop_lag_p99_seconds(?:\{[^}]*\})? ([\d.e+-]+)$/m.exec(
      await response.text(),
    );
    return match?.[1] === undefined ? undefined : Number(match[1]) * 1000;
  }

  stop(): Promise<void> {
    return this.service.stop();
  }
}

function parseJson(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
