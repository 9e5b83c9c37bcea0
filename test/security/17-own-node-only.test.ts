import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ME, registerUser, type RegisteredUser } from '../support/accounts.js';
import { graphql } from '../support/graphql.js';
import { startTestApi, type TestApi } from '../support/testApi.js';

let api: TestApi;
let alice: RegisteredUser;
let bob: RegisteredUser;
beforeAll(async () => {
  api = await startTestApi();
  alice = await registerUser(api.url, 'alice');
  bob = await registerUser(api.url, 'bob');
});
afterAll(async () => {
  await api?.close();
});

async function storedUser(id: string) {
  const { records } = await api.driver.executeQuery(
    'MATCH (u:User {id: $id}) RETURN u {.name, .company, .email, .updatedAt} AS user',
    { id },
  );
  return records[0]?.get('user') as Record<string, unknown> | undefined;
}

const asAlice = <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) =>
  graphql<T>(api.url, query, variables, alice.accessToken);

describe('SECURITY 17: a user reads and updates only their own User node', () => {
  it('through me', async () => {
    const response = await asAlice<{ me: { id: string; email: string } }>(print(ME));
    expect(response.data?.me).toMatchObject({ id: alice.id, email: alice.email });
  });

  it('through users, whatever the filter or order', async () => {
    const queries = [
      ['{ users { id } }', {}],
      ['query($id: ID!) { users(where: { id: { eq: $id } }) { id } }', { id: bob.id }],
      [
        'query($email: String!) { users(where: { email: { eq: $email } }) { id } }',
        { email: bob.email },
      ],
      [
        '{ users(where: { email: { contains: "@" } }, sort: [{ email: DESC }], limit: 50) { id } }',
        {},
      ],
      ['{ users(where: { NOT: { id: { eq: "nobody" } } }) { id } }', {}],
    ] as const;
    for (const [query, variables] of queries) {
      const response = await asAlice<{ users: { id: string }[] }>(query, variables);
      expect(response.errors).toEqual([]);
      expect(response.data!.users.every((user) => user.id === alice.id)).toBe(true);
      expect(response.data!.users.map((user) => user.id)).not.toContain(bob.id);
    }
  });

  it('through usersConnection: totalCount, aggregates and edges count only the caller', async () => {
    const response = await asAlice<{
      usersConnection: {
        totalCount: number;
        aggregate: {
          count: { nodes: number };
          node: { email: { shortest: string; longest: string } };
        };
        edges: { node: { id: string } }[];
      };
    }>(`{
      usersConnection {
        totalCount
        aggregate { count { nodes } node { email { shortest longest } } }
        edges { node { id } }
      }
    }`);
    expect(response.errors).toEqual([]);
    const connection = response.data!.usersConnection;
    expect(connection.totalCount).toBe(1);
    expect(connection.aggregate.count.nodes).toBe(1);
    expect(connection.aggregate.node.email).toEqual({
      shortest: alice.email,
      longest: alice.email,
    });
    expect(connection.edges.map((edge) => edge.node.id)).toEqual([alice.id]);
  });

  it("cannot change another user's profile through updateUsers", async () => {
    const before = await storedUser(bob.id);
    const response = await asAlice<{ updateUsers: { users: { id: string }[] } }>(
      'mutation($id: ID!) { updateUsers(where: { id: { eq: $id } }, update: { name: { set: "Mallory" } }) { users { id } } }',
      { id: bob.id },
    );
    expect(response.data?.updateUsers.users).toEqual([]);
    expect(await storedUser(bob.id)).toEqual(before);
  });
});
