// The README's Apollo Client (examples/apolloClient.ts), run against the API: it adds the
// access token, refreshes once when the token has expired, and shares one refresh between
// requests refused together.
import { CombinedGraphQLErrors, gql } from '@apollo/client';
import { describe, expect, it } from 'vitest';
import { createApolloClient, type TokenStore } from '../examples/apolloClient.js';
import { registerUser } from './support/accounts.js';
import { graphql } from './support/graphql.js';
import { TestClock } from './support/testClock.js';
import { useTestApi } from './support/testApi.js';

const clock = new TestClock();
const testApi = useTestApi({}, clock);

const ME = gql`
  query Me {
    me {
      id
    }
  }
`;

const ME_WITH_EMAIL = gql`
  query MeWithEmail {
    me {
      id
      email
    }
  }
`;

/** fetch, counting the refreshes it sends. */
function countingFetch(): { fetch: typeof fetch; refreshes: () => number } {
  let refreshes = 0;
  const counted: typeof fetch = (input, init) => {
    if (typeof init?.body === 'string' && init.body.includes('refreshSession')) refreshes += 1;
    return fetch(input, init);
  };
  return { fetch: counted, refreshes: () => refreshes };
}

describe('the example Apollo Client', () => {
  it('sends the access token, and refreshes once when it has expired', async () => {
    const api = testApi();
    const user = await registerUser(api.url, 'apollo');
    const tokens: TokenStore = { accessToken: user.accessToken, refreshToken: user.refreshToken };
    const counter = countingFetch();
    const client = createApolloClient(api.url, tokens, counter.fetch);

    const fresh = await client.query<{ me: { id: string } }>({
      query: ME,
      fetchPolicy: 'no-cache',
    });
    expect(fresh.data?.me.id).toBe(user.id);
    expect(counter.refreshes()).toBe(0);

    clock.advanceSeconds(16 * 60); // past ACCESS_TOKEN_TTL (15 min) and its leeway
    const [first, second] = await Promise.all([
      client.query<{ me: { id: string } }>({ query: ME, fetchPolicy: 'no-cache' }),
      client.query<{ me: { id: string } }>({ query: ME_WITH_EMAIL, fetchPolicy: 'no-cache' }),
    ]);
    expect(first.data?.me.id).toBe(user.id);
    expect(second.data?.me.id).toBe(user.id);
    expect(counter.refreshes()).toBe(1);
    expect(tokens.accessToken).not.toBe(user.accessToken);
    expect(tokens.refreshToken).not.toBe(user.refreshToken);
  });

  it('gives up with UNAUTHENTICATED when the session has ended', async () => {
    const api = testApi();
    const user = await registerUser(api.url, 'apollo-ended');
    await graphql(api.url, 'mutation { logout }', {}, user.accessToken);
    const tokens: TokenStore = { accessToken: user.accessToken, refreshToken: user.refreshToken };
    const counter = countingFetch();
    const client = createApolloClient(api.url, tokens, counter.fetch);

    const error = await client.query({ query: ME, fetchPolicy: 'no-cache' }).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(CombinedGraphQLErrors.is(error)).toBe(true);
    const codes = (error as CombinedGraphQLErrors).errors.map((e) => e.extensions?.code);
    expect(codes).toEqual(['UNAUTHENTICATED']);
    expect(counter.refreshes()).toBe(1);
  });
});
