import type { ApolloServerPlugin } from '@apollo/server';
import type { Driver } from 'neo4j-driver';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PasswordHasher } from './auth/passwordHasher.js';
import type { RequestContext } from './requestContext.js';

/** At most this many distinct operation names become labels; the rest count as "other". */
const MAX_OPERATION_NAMES = 100;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * The API's Prometheus metrics, served at /metrics: GraphQL requests by operation and outcome,
 * their latency, authentication events, the process (event-loop lag, memory), the hashing
 * pool's queue and the Neo4j driver's connections. One registry per API instance.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'operation' | 'outcome'>;
  private readonly latency: Histogram<'operation'>;
  private readonly authEvents: Counter<'event' | 'outcome'>;
  private readonly operationNames = new Set<string>();

  constructor() {
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
    this.requests = new Counter({
      name: 'graphql_requests_total',
      help: 'GraphQL requests by operation name and outcome (success or the first error code)',
      labelNames: ['operation', 'outcome'],
      registers: [this.registry],
    });
    this.latency = new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'Time from receiving a GraphQL request to sending its response',
      labelNames: ['operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.authEvents = new Counter({
      name: 'auth_events_total',
      help: 'Authentication events (register, login, refresh, logout, ...) by outcome',
      labelNames: ['event', 'outcome'],
      registers: [this.registry],
    });
  }

  /** Counts an authentication event; the log line of each event calls this. */
  authEvent(event: string, outcome: string): void {
    this.authEvents.inc({ event, outcome });
  }

  /** Metrics read at scrape time: the hashing pool and the driver's connection pool. */
  watch(hasher: PasswordHasher, driver: Driver): void {
    new Counter({
      name: 'password_hash_jobs_total',
      help: 'bcrypt jobs finished by the hashing pool, by task (hash or compare)',
      labelNames: ['task'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [task, finished] of Object.entries(hasher.jobsFinished)) {
          this.inc({ task }, finished);
        }
      },
    });
    new Gauge({
      name: 'password_hash_queue_size',
      help: 'Password hashes waiting for a free worker thread',
      registers: [this.registry],
      collect() {
        this.set(hasher.queueSize);
      },
    });
    new Gauge({
      name: 'neo4j_pool_connections',
      help: 'Connections of the Neo4j driver pool, by state',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const pool = driverPool(driver);
        if (!pool) return;
        this.set({ state: 'active' }, pool.active);
        this.set({ state: 'idle' }, pool.idle);
      },
    });
  }

  plugin(): ApolloServerPlugin<RequestContext> {
    return {
      requestDidStart: async () => {
        const started = process.hrtime.bigint();
        return {
          willSendResponse: async ({ operationName, errors }) => {
            const operation = this.operationLabel(operationName);
            const code = errors?.[0]?.extensions?.code;
            const outcome = errors?.length
              ? typeof code === 'string'
                ? code
                : 'error'
              : 'success';
            this.requests.inc({ operation, outcome });
            this.latency.observe({ operation }, Number(process.hrtime.bigint() - started) / 1e9);
          },
        };
      },
    };
  }

  private operationLabel(name: string | null | undefined): string {
    if (!name || !OPERATION_NAME.test(name)) return 'anonymous';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.operationNames.add(name);
    return name;
  }
}

interface PoolInternals {
  _connectionProvider?: {
    _connectionPool?: {
      _activeResourceCounts?: Record<string, number>;
      _pools?: Record<string, unknown[]>;
    };
  };
}

/**
 * neo4j-driver has no public pool statistics; these read its pool's bookkeeping, and report
 * nothing if a future driver version changes it.
 */
function driverPool(driver: Driver): { active: number; idle: number } | undefined {
  const pool = (driver as unknown as PoolInternals)._connectionProvider?._connectionPool;
  if (!pool?._activeResourceCounts || !pool._pools) return undefined;
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  return {
    active: sum(Object.values(pool._activeResourceCounts)),
    idle: sum(Object.values(pool._pools).map((idle) => idle.length)),
  };
}
