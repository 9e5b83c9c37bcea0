import fs from 'node:fs';
import { Neo4jGraphQL } from '@neo4j/graphql';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { Driver } from 'neo4j-driver';
import { parseProfileUpdate } from './accounts/accountInput.js';
import type { Resolvers } from './generated/resolvers.js';
import type { Logger } from './logger.js';
import { badUserInput, type FieldProblems } from './errors.js';
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
  validatePaging(schema);
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
const publicOperations = new Set([
  'register',
  'login',
  'refreshSession',
  'verifyEmail',
  'confirmEmailChange',
  'requestPasswordReset',
  'resetPassword',
]);

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
    const update = (args as { update?: Record<string, { set?: unknown } | null> }).update ?? {};
    // A field that is present must carry a value: `name: null` or `name: {}` is not a save.
    const valueOf = (field: string) => (field in update ? (update[field]?.set ?? '') : undefined);
    const profile = parseProfileUpdate({ name: valueOf('name'), company: valueOf('company') });
    if (profile.name !== undefined) update.name = { set: profile.name };
    if (profile.company !== undefined) update.company = { set: profile.company };
    return generated(source, args, context, info);
  };
  field.resolve = validated;
}

/**
 * Negative limits and offsets, and cursors that this API did not make, would reach Neo4j as
 * invalid Cypher; they are refused as bad input instead.
 */
function validatePaging(schema: GraphQLSchema): void {
  for (const field of Object.values(schema.getQueryType()?.getFields() ?? {})) {
    const names = new Set(field.args.map((arg) => arg.name));
    if (!names.has('limit') && !names.has('first')) continue;

    const generated = field.resolve ?? defaultFieldResolver;
    field.resolve = (source, args: Record<string, unknown>, context: RequestContext, info) => {
      const problems: FieldProblems = {};
      for (const name of ['limit', 'offset', 'first']) {
        const value = args[name];
        if (typeof value === 'number' && value < 0) problems[name] = 'OUT_OF_RANGE';
      }
      if (args.after !== undefined && args.after !== null && !isCursor(args.after)) {
        problems.after = 'INVALID_CURSOR';
      }
      if (Object.keys(problems).length > 0) throw badUserInput(problems);
      return generated(source, args, context, info);
    };
  }
}

/** A cursor as @neo4j/graphql makes them: base64 of "arrayconnection:<offset>". */
function isCursor(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  return /^arrayconnection:\d{1,9}$/.test(decoded);
}
