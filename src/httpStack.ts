import { randomUUID } from 'node:crypto';
import cors from 'cors';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from './logger.js';

/** Polled often; a log line each would drown the rest. */
const PROBES = new Set(['/health', '/ready', '/metrics']);

export interface HttpStackOptions {
  logger: Logger;
  /** Express's "trust proxy": when to take the client address from X-Forwarded-For. */
  trustProxy: boolean | number | string[];
}

/**
 * The layers every route passes through: security headers, a request id (also sent back as
 * X-Request-Id) and one log line per request. The benchmark's hand-written baseline runs on
 * this same stack, so that comparing the two measures GraphQL and nothing else.
 */
export function createHttpApp({ logger, trustProxy }: HttpStackOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy);
  app.use(helmet());
  app.use(
    pinoHttp({
      logger,
      genReqId: (_request, response) => {
        const id = randomUUID();
        response.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (request) => PROBES.has(request.url ?? '') },
      serializers: {
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
        req: (request: { id: string; method: string; url: string; remoteAddress: string }) => ({
          id: request.id,
          method: request.method,
          // The path only: a query string can carry a GraphQL document with a password in it.
          url: request.url.split('?')[0],
          remoteAddress: request.remoteAddress,
        }),
      },
    }),
  );
  return app;
}

/** What a request to the GraphQL endpoint passes before GraphQL: CORS and the JSON body. */
export function graphqlEndpointLayers(corsOrigins: string[]): RequestHandler[] {
  return [cors({ origin: corsOrigins, maxAge: 600 }), express.json({ limit: '100kb' })];
}
