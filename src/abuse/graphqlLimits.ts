import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  type ASTVisitor,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { RequestContext } from '../requestContext.js';

/** The fields that check a password: one request may hold only one of them (SECURITY.md 22). */
const CREDENTIAL_CHECKS = new Set([
  'login',
  'changePassword',
  'changeEmail',
  'deleteAccount',
  'resetPassword',
]);

/** Tokens in one document; GraphiQL's introspection query has about 300. */
export const MAX_TOKENS = 2000;

/**
 * Caps on what one query may ask (SECURITY.md 23), from graphql-armor; the token count is
 * graphql-js's own parse option (graphql-armor's version turns every syntax error into a
 * validation error). The limits sit well above what the API's own clients send.
 */
export function graphqlLimits(isProduction: boolean) {
  const armor = new ApolloArmor({
    maxDepth: { n: 10, ignoreIntrospection: true },
    maxAliases: { n: 15 },
    maxTokens: { enabled: false },
    maxDirectives: { n: 20 },
    costLimit: { maxCost: 1000, ignoreIntrospection: true },
    // An empty mask drops "Did you mean ...?" rather than leaving a placeholder in the message.
    blockFieldSuggestion: { enabled: isProduction, mask: '' },
  });
  const { plugins, validationRules } = armor.protect();
  // graphql-armor's types name Apollo Server's CommonJS build; the plugins are the same objects.
  const apolloPlugins = plugins as unknown as ApolloServerPlugin<RequestContext>[];
  return {
    plugins: [...apolloPlugins, variableDepthLimit],
    validationRules: [...validationRules, noSubscriptions, oneCredentialCheck, tokenIssuersAlone],
    parseOptions: { maxTokens: MAX_TOKENS },
  };
}

/**
 * Refuses an operation with more than one password-checking field, under aliases or in
 * fragments, before anything runs: otherwise one HTTP request could try fifty passwords.
 */
export const oneCredentialCheck: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  OperationDefinition(operation) {
    const checks = countCredentialChecks(operation.selectionSet, context, new Set());
    if (checks > 1) {
      context.reportError(
        new GraphQLError(
          `An operation may check a password only once; this one holds ${checks} such fields.`,
          { nodes: operation },
        ),
      );
    }
  },
});

function countCredentialChecks(
  selectionSet: SelectionSetNode,
  context: ValidationContext,
  seenFragments: Set<string>,
): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (CREDENTIAL_CHECKS.has(selection.name.value)) count += 1;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += countCredentialChecks(selection.selectionSet, context, seenFragments);
    } else {
      const name = selection.name.value;
      const fragment = context.getFragment(name);
      if (!fragment || seenFragments.has(name)) continue;
      seenFragments.add(name);
      count += countCredentialChecks(fragment.selectionSet, context, seenFragments);
    }
  }
  return count;
}

/** The fields that answer with new tokens, after changing what the old ones can do. */
const TOKEN_ISSUERS = new Set([
  'register',
  'login',
  'refreshSession',
  'changePassword',
  'resetPassword',
]);

/**
 * Refuses an operation that holds a token-issuing field beside other fields. The fields are
 * non-null, so an error in any other one nulls the whole answer: a password change would be
 * committed and its session renewed, and the new tokens never reach the client.
 */
export const tokenIssuersAlone: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  OperationDefinition(operation) {
    const fields = rootFieldNames(operation.selectionSet, context, new Set());
    const issuer = fields.find((name) => TOKEN_ISSUERS.has(name));
    if (issuer && fields.length > 1) {
      context.reportError(
        new GraphQLError(
          `\`${issuer}\` answers with new tokens and must be the only field of its operation.`,
          { nodes: operation },
        ),
      );
    }
  },
});

/** The root fields an operation selects, through fragments, without `__typename`. */
function rootFieldNames(
  selectionSet: SelectionSetNode,
  context: ValidationContext,
  seenFragments: Set<string>,
): string[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) {
      return selection.name.value === '__typename' ? [] : [selection.name.value];
    }
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      return rootFieldNames(selection.selectionSet, context, seenFragments);
    }
    const fragment = context.getFragment(selection.name.value);
    if (!fragment || seenFragments.has(selection.name.value)) return [];
    seenFragments.add(selection.name.value);
    return rootFieldNames(fragment.selectionSet, context, seenFragments);
  });
}

/** Deeper than any filter a client writes by hand; graphql-js recurses once per level. */
export const MAX_VARIABLE_DEPTH = 64;

/**
 * Refuses variables nested deeper than MAX_VARIABLE_DEPTH before graphql-js coerces them: a
 * `where` nested thousands of levels deep fits in the body limit and would overflow the stack.
 */
const variableDepthLimit: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request }) {
        if (depthOf(request.variables) > MAX_VARIABLE_DEPTH) {
          throw new GraphQLError(
            `Variables may be nested at most ${MAX_VARIABLE_DEPTH} levels deep.`,
            { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } },
          );
        }
      },
    };
  },
};

/** How deep objects and arrays nest in a JSON value, found without recursion. */
function depthOf(value: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_VARIABLE_DEPTH) return deepest;
    for (const item of Object.values(current)) pending.push([item, depth + 1]);
  }
  return deepest;
}

/**
 * graphql-js 16 validates a subscription against a schema that has none and fails only when
 * executing it, as an internal error; this schema has no subscriptions, so it is refused here.
 */
export const noSubscriptions: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  OperationDefinition(operation) {
    if (operation.operation !== OperationTypeNode.SUBSCRIPTION) return;
    context.reportError(new GraphQLError('This API has no subscriptions.', { nodes: operation }));
  },
});
