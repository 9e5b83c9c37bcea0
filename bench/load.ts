import autocannon from 'autocannon';

/** One HTTP request as a client sends it. */
export interface RequestShape {
  headers: Record<string, string>;
  body: string;
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** Runs this long; requests still in flight at the end are dropped and not counted. */
  seconds?: number;
  /** Or runs until this many responses have come back, so that nothing is left in flight. */
  requests?: number;
  /** Each connection's request, fixed for the run (e.g. its own user's token), by index. */
  requestFor: (connection: number) => RequestShape;
  /** A new body for every request instead (e.g. unique emails); headers stay those above. */
  nextBody?: () => string;
  /** Requests per second across all connections (open loop); as fast as possible without. */
  overallRate?: number;
  /** autocannon's 10 s default is too short for logins queued behind a busy hashing pool. */
  timeoutSeconds?: number;
  /** Whether a response counts as a success; by default 200 without GraphQL errors. */
  succeeded?: (status: number, body: string) => boolean;
}

export interface LoadFigures {
  /** Successful responses per second. */
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  succeeded: number;
  failed: number;
}

const graphqlSuccess = (status: number, body: string) =>
  status === 200 && !body.includes('"errors"');

/** Runs autocannon against one endpoint and counts only well-formed successful answers. */
export async function runLoad(options: LoadOptions): Promise<LoadFigures> {
  const succeeded = options.succeeded ?? graphqlSuccess;
  let ok = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  let connection = 0;
  const first = options.requestFor(0);

  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.requests ? { amount: options.requests } : { duration: options.seconds ?? 10 }),
    timeout: options.timeoutSeconds ?? 10,
    ...(options.overallRate && { overallRate: options.overallRate }),
    requests: [
      {
        method: 'POST',
        headers: first.headers,
        body: first.body,
        ...(options.nextBody && {
          setupRequest: (request) => ({ ...request, body: options.nextBody!() }),
        }),
        onResponse: (status, body) => {
          if (succeeded(status, body)) return void ok++;
          failed++;
          firstFailure ??= `${status} ${body.slice(0, 300)}`;
        },
      },
    ],
    setupClient: (client) => {
      const request = options.requestFor(connection++);
      client.setHeadersAndBody(request.headers, request.body);
    },
  });

  if (result.errors > 0 || result.timeouts > 0) {
    failed += result.errors;
    firstFailure ??= `${result.errors} connection errors, ${result.timeouts} timeouts`;
  }
  if (failed > 0) console.warn(`  ${failed} failed requests, e.g.: ${firstFailure}`);
  return {
    requestsPerSecond: ok / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    succeeded: ok,
    failed,
  };
}

/** A JSON POST of a GraphQL document, with a bearer token when given. */
export function graphqlRequest(
  query: string,
  variables?: Record<string, unknown>,
  accessToken?: string,
): RequestShape {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  return { headers, body: JSON.stringify(variables ? { query, variables } : { query }) };
}
