import express, { type Router } from 'express';
import type { Driver } from 'neo4j-driver';
import type { Metrics } from './metrics.js';

/** Whether this instance should get traffic: false until it listens and once it drains. */
export interface Readiness {
  serving: boolean;
}

/**
 * What load balancers and monitoring ask: `/health` (can the API reach Neo4j), `/ready` (and
 * has start-up finished, and is it not shutting down), `/metrics` (Prometheus text).
 */
export function probes(driver: Driver, metrics: Metrics, readiness: Readiness): Router {
  const router = express.Router();
  const reachable = () =>
    driver.getServerInfo().then(
      () => true,
      () => false,
    );

  router.get('/health', async (_request, response) => {
    const ok = await reachable();
    response.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable' });
  });

  router.get('/ready', async (_request, response) => {
    if (!readiness.serving) {
      response.status(503).json({ status: 'not_serving' });
      return;
    }
    const ok = await reachable();
    response.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'database_unavailable' });
  });

  router.get('/metrics', async (_request, response) => {
    response.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
