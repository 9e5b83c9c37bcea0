import type { ApolloServerPlugin } from '@apollo/server';
import Negotiator from 'negotiator';

const JSON_TYPE = 'application/json';
/** Errors of a well-formed request whose document or variables are wrong. */
const REQUEST_ERRORS = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
]);
const GRAPHQL_RESPONSE_TYPE = 'application/graphql-response+json';

/**
 * The GraphQL over HTTP specification: a client that accepts `application/graphql-response+json`
 * learns of a request error (a query that does not parse or validate, variables of the wrong
 * type) from a 4xx status, but one that accepts only `application/json` should get 200 and
 * read the errors in the body, since a 4xx there could come from any proxy. Apollo Server
 * answers 400 to both; this plugin picks the content type the same way Apollo does and, for
 * `application/json`, answers such errors with 200.
 */
export const graphqlOverHttpStatus: ApolloServerPlugin = {
  async requestDidStart({ request }) {
    const accept = request.http?.headers.get('accept');
    const contentType = accept
      ? new Negotiator({ headers: { accept } }).mediaType([JSON_TYPE, GRAPHQL_RESPONSE_TYPE])
      : JSON_TYPE;

    return {
      async willSendResponse({ response }) {
        if (contentType !== JSON_TYPE || response.http.status !== 400) return;
        if (response.body.kind !== 'single' || 'data' in response.body.singleResult) return;
        const errors = response.body.singleResult.errors ?? [];
        if (!errors.every((error) => REQUEST_ERRORS.has(String(error.extensions?.code)))) return;
        response.http.status = 200;
        response.http.headers.set('content-type', `${JSON_TYPE}; charset=utf-8`);
      },
    };
  },
};
