import fs from 'node:fs';
import { Neo4jGraphQL } from '@neo4j/graphql';
import type { GraphQLSchema } from 'graphql';
import type { Driver } from 'neo4j-driver';
import type { Resolvers } from './generated/resolvers.js';
import type { Logger } from './logger.js';
import type { RequestContext } from './requestContext.js';
import { guardGeneratedOperations } from './schemaGuards.js';
import { requireIsoDateTimes } from './strictDateTime.js';

const typeDefs = fs.readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');

/** Builds the served schema: the generated User operations plus our account mutations. */
export async function buildSchema(
  resolvers: Resolvers<RequestContext> = {},
  { driver, logger }: { driver?: Driver; logger?: Logger } = {},
): Promise<GraphQLSchema> {
  const neo4jGraphQL = new Neo4jGraphQL({
    typeDefs,
    driver,
    resolvers,
    features: {
      excludeDeprecatedFields: {
        mutationOperations: true,
        aggregationFilters: true,
        aggregationFiltersOutsideConnection: true,
        relationshipFilters: true,
        attributeFilters: true,
      },
    },
  });
  const schema = await withLibraryWarnings(logger, () => neo4jGraphQL.getSchema());
  if (driver) await neo4jGraphQL.checkNeo4jCompat();
  guardGeneratedOperations(schema);
  requireIsoDateTimes(schema);
  return schema;
}

/**
 * @neo4j/graphql prints schema-build warnings with console.warn. The one about passing a
 * decoded JWT in `context.jwt` describes exactly what we do, so they go to the debug log.
 */
async function withLibraryWarnings<T>(
  logger: Logger | undefined,
  build: () => Promise<T>,
): Promise<T> {
  const warn = console.warn;
  console.warn = (...message: unknown[]) =>
    logger?.debug({ source: '@neo4j/graphql' }, message.join(' '));
  try {
    return await build();
  } finally {
    console.warn = warn;
  }
}
