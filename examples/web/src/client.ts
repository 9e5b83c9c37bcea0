// The GraphQL client. It calls /graphql on the page's own origin: the dev server (npm run web)
// forwards that path to the API, so the browser never makes a cross-origin request.
import {
  Client,
  fetchExchange,
  type AnyVariables,
  type CombinedError,
  type TypedDocumentNode,
} from '@urql/core';

/** What went wrong, from the error's `extensions` (branch on `code`, never on the message). */
export interface ApiError {
  /** The API's code, or NETWORK when it could not be reached, SIGNED_OUT after a redirect. */
  code: string;
  message: string;
  /** For BAD_USER_INPUT: each refused field and why (REQUIRED, TOO_SHORT, ...). */
  fields: Record<string, string>;
  retryAfterSeconds?: number | undefined;
  requestId?: string | undefined;
}

export type Outcome<Data> =
  { data: Data; error?: undefined } | { data?: undefined; error: ApiError };

const client = new Client({
  url: '/graphql',
  exchanges: [fetchExchange],
  requestPolicy: 'network-only',
  // urql sends queries as GET by default; Apollo Server's CSRF prevention refuses a GET without
  // a preflight header, and POST keeps tokens out of URLs and logs.
  preferGetMethod: false,
});

/** Sends one operation, with the access token when one is given. */
export async function send<Data, Variables extends AnyVariables>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  accessToken?: string,
): Promise<Outcome<Data>> {
  const context = accessToken
    ? { fetchOptions: { headers: { authorization: `Bearer ${accessToken}` } } }
    : {};
  const result = isMutation(document)
    ? await client.mutation(document, variables, context).toPromise()
    : await client.query(document, variables, context).toPromise();
  if (result.error) return { error: apiError(result.error) };
  if (!result.data) return { error: networkError };
  return { data: result.data };
}

const networkError: ApiError = {
  code: 'NETWORK',
  message: 'The server could not be reached. Check your connection and try again.',
  fields: {},
};

function isMutation(document: { definitions: readonly object[] }): boolean {
  return document.definitions.some(
    (definition) => 'operation' in definition && definition.operation === 'mutation',
  );
}

function apiError(error: CombinedError): ApiError {
  const [first] = error.graphQLErrors;
  if (!first) return networkError;
  const { code, fields, retryAfterSeconds, requestId } = first.extensions;
  return {
    code: typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR',
    message: first.message,
    fields: isFieldMap(fields) ? fields : {},
    retryAfterSeconds: typeof retryAfterSeconds === 'number' ? retryAfterSeconds : undefined,
    requestId: typeof requestId === 'string' ? requestId : undefined,
  };
}

function isFieldMap(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((problem) => typeof problem === 'string')
  );
}
