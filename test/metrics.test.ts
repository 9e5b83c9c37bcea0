import { describe, expect, it } from 'vitest';
import { login, registerUser } from './support/accounts.js';
import { metricValue, parseMetrics, type MetricFamily } from './support/metrics.js';
import { useTestApi } from './support/testApi.js';

const api = useTestApi();

async function scrape(): Promise<Map<string, MetricFamily>> {
  const response = await fetch(new URL('/metrics', api().url));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseMetrics(await response.text());
}

describe('/metrics', () => {
  it('parses as Prometheus text with the API and process metrics', async () => {
    const families = await scrape();
    for (const name of [
      'graphql_requests_total',
      'graphql_request_duration_seconds',
      'auth_events_total',
      'nodejs_eventloop_lag_p99_seconds',
      'process_resident_memory_bytes',
      'password_hash_queue_size',
      'password_hash_jobs_total',
      'neo4j_pool_connections',
    ]) {
      expect(families.has(name), name).toBe(true);
    }
  });

  it('moves when requests arrive: requests by operation and outcome, and auth events', async () => {
    const before = await scrape();
    const user = await registerUser(api().url, 'metrics');
    await login(api().url, user.email, user.password);
    await login(api().url, user.email, 'not the right password at all');
    const after = await scrape();

    const delta = (name: string, labels: Record<string, string>) =>
      metricValue(after, name, labels) - metricValue(before, name, labels);
    expect(delta('graphql_requests_total', { operation: 'Login', outcome: 'success' })).toBe(1);
    expect(
      delta('graphql_requests_total', { operation: 'Login', outcome: 'INVALID_CREDENTIALS' }),
    ).toBe(1);
    expect(delta('auth_events_total', { event: 'register', outcome: 'success' })).toBe(1);
    expect(delta('auth_events_total', { event: 'login', outcome: 'failure' })).toBe(1);
    expect(
      delta('graphql_request_duration_seconds', { operation: 'Login' }),
    ).toBeGreaterThanOrEqual(0);
    expect(metricValue(after, 'neo4j_pool_connections', { state: 'idle' })).toBeGreaterThan(0);
  });
});

describe('/ready', () => {
  it('says ready once the API serves and Neo4j answers', async () => {
    const response = await fetch(new URL('/ready', api().url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
  });
});
