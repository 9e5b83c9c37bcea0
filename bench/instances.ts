import type { ApiProcess } from './api.js';
import { runLoad, type LoadFigures, type LoadOptions } from './load.js';
import { step } from './progress.js';
import { loginRequest, meRequest, type BenchTargets } from './scenarios.js';

export interface InstanceRow {
  instances: number;
  me: LoadFigures;
  login: LoadFigures;
}

/**
 * `me` and login at the same total concurrency against one API instance, then against two on
 * the same Neo4j with the load split evenly (as a load balancer would): what a second
 * instance buys on this machine.
 */
export async function compareInstances(
  targets: BenchTargets,
  second: ApiProcess,
): Promise<InstanceRow[]> {
  const { plan, users } = targets;
  const rows: InstanceRow[] = [];
  for (const apis of [[targets.api], [targets.api, second]]) {
    step(`  ${apis.length} instance(s)`);
    const me = await split(apis, {
      connections: plan.instancesConcurrency,
      seconds: plan.meSeconds,
      requestFor: meRequest(users),
    });
    const login = await split(apis, {
      connections: plan.loginConcurrency,
      requests: plan.loginRequests,
      timeoutSeconds: 60,
      requestFor: loginRequest(users),
    });
    rows.push({ instances: apis.length, me, login });
  }
  return rows;
}

/** One load generator per instance, each with its share of the connections and requests. */
async function split(
  apis: ApiProcess[],
  options: Omit<LoadOptions, 'url'> & { connections: number },
): Promise<LoadFigures> {
  const share = (total: number) => Math.max(1, Math.round(total / apis.length));
  const parts = await Promise.all(
    apis.map((api) =>
      runLoad({
        ...options,
        url: api.graphqlUrl,
        connections: share(options.connections),
        ...(options.requests && { requests: share(options.requests) }),
      }),
    ),
  );
  return {
    requestsPerSecond: sum(parts.map((part) => part.requestsPerSecond)),
    // Each generator reports its own percentiles; the slower instance's are the honest ones.
    p50Ms: Math.max(...parts.map((part) => part.p50Ms)),
    p99Ms: Math.max(...parts.map((part) => part.p99Ms)),
    succeeded: sum(parts.map((part) => part.succeeded)),
    failed: sum(parts.map((part) => part.failed)),
  };
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
