import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { parseProfileUpdate } from './accounts/accountInput.js';
import { badUserInput, type FieldProblems } from './errors.js';
import { requireCaller, type RequestContext } from './requestContext.js';

/**
 * Checks around the resolvers @neo4j/graphql generates, applied once the schema is built. The
 * caller check runs first, then the argument checks, then the generated resolver.
 */
export function guardGeneratedOperations(schema: GraphQLSchema): void {
  validateProfileUpdates(schema);
  validateArguments(schema);
  requireSignIn(schema);
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
 * `me`, the most frequent read, checks the session in the same query that reads the user
 * (Sessions.ownAccount): one round trip where the guard below would add a second.
 */
const checksSessionItself = new Set(['me']);

/**
 * Refuses every other root field to callers without a live session, before @neo4j/graphql
 * translates anything: its own @authentication check stays as a second guard, but answers
 * with an error that carries no code.
 */
function requireSignIn(schema: GraphQLSchema): void {
  for (const rootType of [schema.getQueryType(), schema.getMutationType()]) {
    // Mutation fields run one after another, and one may end the session (`logout`): each
    // looks again. Query fields run together and end nothing, so they share one look-up.
    const again = rootType === schema.getMutationType();
    for (const field of Object.values(rootType?.getFields() ?? {})) {
      if (publicOperations.has(field.name) || checksSessionItself.has(field.name)) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = async (source, args, context: RequestContext, info) => {
        // Apollo Server hands resolvers a copy of the context: set the caller on that.
        context.caller = await context.checkSession({ again });
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
 * Arguments of the generated operations that would reach Neo4j as invalid or runaway Cypher:
 * negative offsets, limits below 1, cursors this API did not make, and filters so large that
 * planning them alone takes seconds (a `where` can arrive in variables, which no token count
 * of the query sees).
 */
function validateArguments(schema: GraphQLSchema): void {
  const roots = [schema.getQueryType(), schema.getMutationType()];
  for (const field of roots.flatMap((root) => Object.values(root?.getFields() ?? {}))) {
    const names = new Set(field.args.map((arg) => arg.name));
    if (!['limit', 'first', 'where', 'sort'].some((name) => names.has(name))) continue;

    const generated = field.resolve ?? defaultFieldResolver;
    field.resolve = (source, args: Record<string, unknown>, context: RequestContext, info) => {
      const problems = argumentProblems(args);
      if (Object.keys(problems).length > 0) throw badUserInput(problems);
      return generated(source, args, context, info);
    };
  }
}

/** The most values a `where` or `sort` may hold, counting every key, item and leaf. */
const MAX_FILTER_SIZE = 100;

function argumentProblems(args: Record<string, unknown>): FieldProblems {
  const problems: FieldProblems = {};
  for (const name of ['limit', 'offset', 'first']) {
    const value = args[name];
    // @neo4j/graphql reads a limit or `first` of 0 as no limit at all.
    const least = name === 'offset' ? 0 : 1;
    if (typeof value === 'number' && value < least) problems[name] = 'OUT_OF_RANGE';
  }
  if (args.after !== undefined && args.after !== null && !isCursor(args.after)) {
    problems.after = 'INVALID_CURSOR';
  }
  for (const name of ['where', 'sort']) {
    const shape = filterShape(args[name]);
    if (shape.size > MAX_FILTER_SIZE) problems[name] = 'TOO_COMPLEX';
    else if (shape.misplacedNull) problems[name] = 'INVALID_FILTER';
  }
  return problems;
}

/**
 * How many keys, items and leaves a filter holds (counting stops past the limit, so a filter
 * nested thousands deep costs no more than a small one), and whether a null stands anywhere
 * but as the value of `eq`: @neo4j/graphql fails on `{ name: null }` with a TypeError.
 */
function filterShape(filter: unknown): { size: number; misplacedNull: boolean } {
  let size = 0;
  let misplacedNull = false;
  const pending: [key: string | undefined, value: unknown][] = [[undefined, filter]];
  while (pending.length > 0 && size <= MAX_FILTER_SIZE) {
    const [key, value] = pending.pop()!;
    if (value === null) {
      if (key !== undefined && key !== 'eq') misplacedNull = true;
      size += 1;
    } else if (Array.isArray(value)) {
      for (const item of value as unknown[]) pending.push([key === 'eq' ? 'item' : key, item]);
    } else if (typeof value === 'object') {
      for (const [name, item] of Object.entries(value)) {
        size += 1;
        pending.push([name, item]);
      }
    } else if (value !== undefined) {
      size += 1;
    }
  }
  return { size, misplacedNull };
}

/** A cursor as @neo4j/graphql makes them: base64 of "arrayconnection:<offset>". */
function isCursor(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  // Node's decoder skips what is not base64: only the exact encoding counts as ours.
  const exact = Buffer.from(decoded, 'utf8').toString('base64') === value;
  return exact && /^arrayconnection:\d{1,9}$/.test(decoded);
}
