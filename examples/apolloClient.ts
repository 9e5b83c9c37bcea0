// An Apollo Client (v4) for the accounts API: every request carries the access token, and a
// request refused as UNAUTHENTICATED refreshes the session once and is sent again. The README's
// "Using it from a client" shows this file; test/apolloClient.test.ts runs it against the API.
import {
  ApolloClient,
  ApolloLink,
  CombinedGraphQLErrors,
  HttpLink,
  InMemoryCache,
} from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { from, switchMap } from 'rxjs';
import { graphql } from './generated/gql.js';

/**
 * Where the client keeps its tokens. In a browser: the access token in memory only, the
 * refresh token in memory or storage that scripts of other origins cannot read.
 */
export interface TokenStore {
  accessToken?: string | undefined;
  refreshToken?: string | undefined;
}

const RefreshSession = graphql(`
  mutation RefreshSession($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) {
      accessToken
      refreshToken
    }
  }
`);

export function createApolloClient(
  uri: string,
  tokens: TokenStore,
  fetchImplementation: typeof fetch = fetch,
): ApolloClient {
  const http = new HttpLink({ uri, fetch: fetchImplementation });
  // Refreshes go straight to HTTP: a refused refresh must not try to refresh itself.
  const bare = new ApolloClient({ link: http, cache: new InMemoryCache() });

  // A refresh token is single-use: requests refused together share one refresh.
  let refreshing: Promise<void> | undefined;
  const refresh = () => {
    refreshing ??= (async () => {
      const { data } = await bare.mutate({
        mutation: RefreshSession,
        variables: { refreshToken: tokens.refreshToken ?? '' },
      });
      tokens.accessToken = data?.refreshSession.accessToken;
      tokens.refreshToken = data?.refreshSession.refreshToken;
    })().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  };

  const addAccessToken = new SetContextLink((context) => ({
    headers: {
      ...(context.headers as Record<string, string> | undefined),
      ...(tokens.accessToken && { authorization: `Bearer ${tokens.accessToken}` }),
    },
  }));

  const refreshOnce = new ErrorLink(({ error, operation, forward }) => {
    const signedOut =
      CombinedGraphQLErrors.is(error) &&
      error.errors.some((problem) => problem.extensions?.code === 'UNAUTHENTICATED');
    if (!signedOut || !tokens.refreshToken || operation.getContext().retried === true) return;
    operation.setContext({ retried: true });
    // When the refresh itself is refused, the session has ended: the caller signs in again.
    return from(refresh()).pipe(switchMap(() => forward(operation)));
  });

  return new ApolloClient({
    link: ApolloLink.from([refreshOnce, addAccessToken, http]),
    cache: new InMemoryCache(),
  });
}
