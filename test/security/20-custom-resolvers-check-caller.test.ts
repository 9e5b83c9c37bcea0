import { describe, expect, it } from 'vitest';
import { registerUser } from '../support/accounts.js';
import { errorCodes, graphql } from '../support/graphql.js';
import { useTestApi } from '../support/testApi.js';

const api = useTestApi();

/** Every custom operation that acts for a signed-in user; @authorization does not cover them. */
const customOperations: [string, string, Record<string, unknown>][] = [
  ['sessions', '{ sessions { id } }', {}],
  ['logout', 'mutation { logout }', {}],
  ['revokeSession', 'mutation($id: ID!) { revokeSession(id: $id) }', { id: crypto.randomUUID() }],
  ['logoutEverywhere', 'mutation { logoutEverywhere }', {}],
  [
    'changePassword',
    'mutation($i: ChangePasswordInput!) { changePassword(input: $i) { accessToken } }',
    { i: { currentPassword: 'whatever it is', newPassword: 'a new long passphrase' } },
  ],
  [
    'changeEmail',
    'mutation($i: ChangeEmailInput!) { changeEmail(input: $i) }',
    { i: { password: 'whatever it is', newEmail: 'new@example.com' } },
  ],
  ['requestEmailVerification', 'mutation { requestEmailVerification }', {}],
  ['deleteAccount', 'mutation { deleteAccount(password: "whatever it is") }', {}],
];

describe('SECURITY 20: custom resolvers check the caller themselves', () => {
  it.each(customOperations)(
    '%s refuses a caller without a session',
    async (_, query, variables) => {
      const response = await graphql(api().url, query, variables);
      expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    },
  );

  it("revokeSession refuses another user's session and leaves it live", async () => {
    const owner = await registerUser(api().url, 'owner');
    const intruder = await registerUser(api().url, 'intruder');
    const { records } = await api().driver.executeQuery(
      'MATCH (:User {id: $id})-[:HAS_SESSION]->(s:Session) RETURN s.id AS id',
      { id: owner.id },
    );
    const ownerSession = records[0]!.get('id') as string;

    const response = await graphql(
      api().url,
      'mutation($id: ID!) { revokeSession(id: $id) }',
      { id: ownerSession },
      intruder.accessToken,
    );
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    const me = await graphql<{ me: { id: string } }>(
      api().url,
      '{ me { id } }',
      {},
      owner.accessToken,
    );
    expect(me.data?.me.id).toBe(owner.id);
  });
});
