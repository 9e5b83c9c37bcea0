import fs from 'node:fs';
import { Neo4jGraphQL } from '@neo4j/graphql';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { Driver } from 'neo4j-driver';
import { parseProfileUpdate } from './accounts/accountInput.js';
import type { Resolvers } from './generated/resolvers.js';
import type { Logger } from './logger.js';
import { requireCaller, type RequestContext } from './requestContext.js';

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
  validateProfileUpdates(schema);
  requireSignIn(schema);
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

/** Operations that a caller without a live session may use. */
const publicOperations = new Set(['register', 'login']);

/**
 * Refuses every other root field to callers without a live session, before @neo4j/graphql
 * translates anything: its own @authentication check stays as a second guard, but answers
 * with an error that carries no code.
 */
function requireSignIn(schema: GraphQLSchema): void {
  for (const rootType of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(rootType?.getFields() ?? {})) {
      if (publicOperations.has(field.name)) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context: RequestContext, info) => {
        requireCaller(context);
        return resolve(source, args, context, info);
      };
    }
  }
}

/** `updateUsers` saves a profile: the same name and company rules as registration apply. */
function validateProfileUpdates(schema: GraphQLSchema): void {
  const field = schema.getMutationType()?.getFields().updateUsers;
  const generated = field?.resolve;
  if (!field || !generated) throw new Error('the schema has no updateUsers mutation');

  const validated: GraphQLFieldResolver<unknown, RequestContext> = (
    source,
    args,
    context,
    info,
  ) => {
    const update = (args as { update?: Record<string, { set?: unknown }> }).update;
    if (update) {
      const profile = parseProfileUpdate({ name: update.name?.set, company: update.company?.set });
      if (profile.name !== undefined) update.name = { set: profile.name };
      if (profile.company !== undefined) update.company = { set: profile.company };
    }
    return generated(source, args, context, info);
  };
  field.resolve = validated;
}
