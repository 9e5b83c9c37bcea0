import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import cors from 'cors';
import express from 'express';
import helmet from 'helmet';
import type { GraphQLSchema } from 'graphql';
import type { Driver } from 'neo4j-driver';
import { pinoHttp } from 'pino-http';
import { graphqlLimits } from './abuse/graphqlLimits.js';
import { errorLoggingPlugin } from './errorLogging.js';
import { formatError } from './errors.js';
import { graphiql } from './graphiql.js';
import { graphqlOverHttpStatus } from './graphqlOverHttp.js';
import { httpErrorHandler, notFoundHandler } from './httpErrors.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { probes, type Readiness } from './probes.js';
import {
  buildRequestContext,
  type ContextDependencies,
  type RequestContext,
} from './requestContext.js';

/** Polled often; a log line each would drown the rest. */
const PROBES = new Set(['/health', '/ready', '/metrics']);

export interface ServerDependencies extends ContextDependencies {
  schema: GraphQLSchema;
  driver: Driver;
  logger: Logger;
  isProduction: boolean;
  /** Express's "trust proxy": when to take the client address from X-Forwarded-For. */
  trustProxy: boolean | number | string[];
  /** Browser origins allowed to call the API (CORS); none when empty. */
  corsOrigins: string[];
  /** Serve the GraphiQL IDE to browsers that open /graphql. */
  graphiql: boolean;
  metrics: Metrics;
}

export interface Server {
  httpServer: http.Server;
  apollo: ApolloServer<RequestContext>;
  readiness: Readiness;
}

/** Express with `/graphql` (Apollo Server), GraphiQL and the probes, not yet listening. */
export async function createServer(deps: ServerDependencies): Promise<Server> {
  const app = express();
  const httpServer = http.createServer(app);
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy);
  app.use(helmet());

  app.use(
    pinoHttp({
      logger: deps.logger,
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

  const readiness: Readiness = { serving: false };
  app.use(probes(deps.driver, deps.metrics, readiness));
  if (deps.graphiql) app.use(graphiql('/graphql'));

  const limits = graphqlLimits(deps.isProduction);
  const apollo = new ApolloServer<RequestContext>({
    schema: deps.schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: !deps.isProduction,
    // No "Did you mean ...?" hints: in production they would give the schema away.
    hideSchemaDetailsFromClientErrors: deps.isProduction,
    // One operation per request: a JSON array of operations would multiply every limit.
    allowBatchedHttpRequests: false,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      errorLoggingPlugin,
      deps.metrics.plugin(),
      graphqlOverHttpStatus,
      ...limits.plugins,
    ],
  });
  await apollo.start();

  app.use(
    '/graphql',
    cors({ origin: deps.corsOrigins, maxAge: 600 }),
    express.json({ limit: '100kb' }),
    expressMiddleware(apollo, { context: ({ req }) => buildRequestContext(req, deps) }),
  );

  app.use(notFoundHandler);
  app.use(httpErrorHandler);

  return { httpServer, apollo, readiness };
}
