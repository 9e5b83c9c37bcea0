import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** The codes clients branch on; each has one human message. */
export const errorMessages = {
  BAD_USER_INPUT: 'Some fields are invalid.',
  EMAIL_TAKEN: 'An account with this email already exists.',
  INVALID_CREDENTIALS: 'The email or password is incorrect.',
  INVALID_TOKEN: 'This link is invalid, used or expired. Ask for a new one.',
  UNAUTHENTICATED: 'You need to sign in.',
  FORBIDDEN: 'You are not allowed to do this.',
  RATE_LIMITED: 'Too many attempts. Try again later.',
  INTERNAL_SERVER_ERROR: 'Something went wrong on our side.',
} as const;

export type ErrorCode = keyof typeof errorMessages;

/** Why one input field was refused, in `extensions.fields`. */
export type FieldProblem =
  | 'REQUIRED'
  | 'INVALID_EMAIL'
  | 'INVALID_CHARACTERS'
  | 'TOO_SHORT'
  | 'TOO_LONG'
  | 'TOO_COMMON'
  | 'OUT_OF_RANGE'
  | 'INVALID_CURSOR'
  | 'TOO_COMPLEX'
  | 'INVALID_FILTER'
  | 'UNCHANGED';

export type FieldProblems = Record<string, FieldProblem>;

export class AccountsError extends GraphQLError {
  constructor(code: ErrorCode, extensions: Record<string, unknown> = {}) {
    super(errorMessages[code], { extensions: { ...extensions, code } });
  }
}

export function badUserInput(fields: FieldProblems): AccountsError {
  return new AccountsError('BAD_USER_INPUT', { fields });
}

/**
 * @neo4j/graphql's auth errors, by class name: the package does not export the classes, and
 * sets no `extensions.code` on them.
 */
const neo4jGraphQLErrorCodes: Record<string, ErrorCode | undefined> = {
  Neo4jGraphQLAuthenticationError: 'UNAUTHENTICATED',
  Neo4jGraphQLForbiddenError: 'FORBIDDEN',
};

/** Codes that GraphQL itself and Apollo Server assign before any resolver runs. */
const requestErrorCodes = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * What a client may see of an error: 'as-is' for our own errors and GraphQL's request errors
 * (parse, validation, variable coercion), one of our codes for @neo4j/graphql's auth errors,
 * and 'internal' for everything else (a Neo4j error, a bug), whose details stay in the log.
 */
export function classifyError(error: unknown): 'as-is' | 'internal' | ErrorCode {
  const original = unwrapResolverError(error);
  if (original instanceof AccountsError) return 'as-is';

  const libraryCode = original instanceof Error ? neo4jGraphQLErrorCodes[original.name] : undefined;
  if (libraryCode) return libraryCode;

  // Errors raised before execution have no path. Checked by shape rather than instanceof, so
  // it holds whichever copy of graphql (its CommonJS or its ESM build) made the error.
  const { path, extensions } = (error ?? {}) as Partial<GraphQLError>;
  const code = original === error && !path ? extensions?.code : undefined;
  if (typeof code === 'string' && requestErrorCodes.has(code)) return 'as-is';

  return 'internal';
}

/** Apollo Server's formatError: what a client may see of each error. */
export function errorFormatter({ hideSuggestions }: { hideSuggestions: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const kind = classifyError(error);
    if (kind === 'as-is') {
      const withoutLiteral = withoutEchoedLiteral(formatted, error, hideSuggestions);
      return withoutEchoedVariable(withoutLiteral, error, hideSuggestions);
    }

    const code = kind === 'internal' ? 'INTERNAL_SERVER_ERROR' : kind;
    const { locations, path } = formatted;
    return { message: errorMessages[code], locations, path, extensions: { code } };
  };
}

/**
 * GraphQL's message for a variable of the wrong shape repeats the value the client sent,
 * password included: in full after "got invalid value", and for a scalar once more in the
 * reason ("String cannot represent a non string value: <value>"). The message is rebuilt from
 * the variable, the place and the kind of problem, with no copy of the value.
 */
function withoutEchoedVariable(
  formatted: GraphQLFormattedError,
  error: unknown,
  hideSuggestions: boolean,
): GraphQLFormattedError {
  const variable = /^Variable "\$(\w+)" got invalid value /.exec(formatted.message)?.[1];
  if (!variable) return formatted;

  // The last ` at "input.password"; ` is graphql-js's own; the value comes before it.
  const place = /^[\s\S]* at "([\w.[\]]+)"; /.exec(formatted.message)?.[1];
  const where = place ? ` at "${place}"` : '';
  const reason = (error as { originalError?: Error }).originalError?.message ?? '';
  const why = valueFree(reason, hideSuggestions);
  return { ...formatted, message: `Variable "$${variable}" got an invalid value${where}; ${why}` };
}

/**
 * The same for a literal of the wrong type written into the query ("Expected value of type
 * "String!", found <the literal>", or the scalar's own "String cannot represent a non string
 * value: <the literal>"): a password typed there without quotes would come back.
 */
function withoutEchoedLiteral(
  formatted: GraphQLFormattedError,
  error: unknown,
  hideSuggestions: boolean,
): GraphQLFormattedError {
  if (SCALAR_REASON.test(formatted.message)) {
    return { ...formatted, message: valueFree(formatted.message, hideSuggestions) };
  }
  const type = /^Expected value of type "([^"]+)", found /.exec(formatted.message)?.[1];
  if (!type) return formatted;
  const reason = (error as { originalError?: Error }).originalError?.message;
  const why = reason ? `; ${valueFree(reason, hideSuggestions)}` : '.';
  return { ...formatted, message: `Expected a value of type "${type}"${why}` };
}

/** Reasons graphql-js gives for a value of the wrong shape that name types and fields only. */
const STRUCTURAL_REASONS = [
  /^Expected type "\w+" to be an object\.$/,
  /^Field "\w+" is not defined by type "\w+"\./,
  /^Field "\w+" of required type "[\w![\]]+" was not provided\.$/,
  /^Expected non-nullable type "[\w![\]]+" not to be null\.$/,
];

const SCALAR_REASON = /^(\w+ cannot represent [^:]*):/;

function valueFree(reason: string, hideSuggestions: boolean): string {
  if (STRUCTURAL_REASONS.some((pattern) => pattern.test(reason))) {
    return hideSuggestions ? reason.replace(/ Did you mean [\s\S]*$/, '') : reason;
  }
  // "Int cannot represent non-integer value: <value>": the value follows the colon.
  const scalar = SCALAR_REASON.exec(reason)?.[1];
  return scalar ? `${scalar}.` : 'The value does not fit the type of this field.';
}
