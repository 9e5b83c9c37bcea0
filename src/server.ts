import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { Driver } from 'neo4j-driver';
import { graphqlLimits } from './abuse/graphqlLimits.js';
import { errorLoggingPlugin } from './errorLogging.js';
import { errorFormatter } from './errors.js';
import { graphiql } from './graphiql.js';
import { graphqlOverHttpStatus } from './graphqlOverHttp.js';
import { httpErrorHandler, notFoundHandler } from './httpErrors.js';
import { createHttpApp, graphqlEndpointLayers } from './httpStack.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { probes, type Readiness } from './probes.js';
import {
  buildRequestContext,
  type ContextDependencies,
  type RequestContext,
} from './requestContext.js';

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
  const app = createHttpApp({ logger: deps.logger, trustProxy: deps.trustProxy });
  const httpServer = http.createServer(app);

  const readiness: Readiness = { serving: false };
  app.use(probes(deps.driver, deps.metrics, readiness));
  if (deps.graphiql) app.use(graphiql('/graphql'));

  const limits = graphqlLimits(deps.isProduction);
  const apollo = new ApolloServer<RequestContext>({
    schema: deps.schema,
    formatError: errorFormatter({ hideSuggestions: deps.isProduction }),
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
      // On by default, it wraps every field resolver to collect @cacheControl hints, which this
      // schema has none of and which no HTTP cache should apply to per-user answers anyway.
      ApolloServerPluginCacheControlDisabled(),
      errorLoggingPlugin,
      deps.metrics.plugin(),
      graphqlOverHttpStatus,
      ...limits.plugins,
    ],
  });
  await apollo.start();

  app.use(
    '/graphql',
    ...graphqlEndpointLayers(deps.corsOrigins),
    expressMiddleware(apollo, {
      context: ({ req }) => Promise.resolve(buildRequestContext(req, deps)),
    }),
  );

  app.use(notFoundHandler);
  app.use(httpErrorHandler);

  return { httpServer, apollo, readiness };
}
