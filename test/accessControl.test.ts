import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGOUT, ME, registerUser, type RegisteredUser } from './support/accounts.js';
import { errorCodes, graphql } from './support/graphql.js';
import { startTestApi, type TestApi } from './support/testApi.js';

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

describe('a user sees only their own account', () => {
  it('through me', async () => {
    const response = await asAlice<{ me: { id: string; email: string } }>(ME);
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

  it('saves their own name and company, trimmed, and stamps updatedAt', async () => {
    const someone = await registerUser(api.url, 'profile');
    const response = await graphql<{
      updateUsers: { users: { name: string; company: string; updatedAt: string }[] };
    }>(
      api.url,
      'mutation { updateUsers(update: { name: { set: "  Ada Lovelace " }, company: { set: "Babbage & Co" } }) { users { name company updatedAt } } }',
      {},
      someone.accessToken,
    );
    expect(response.errors).toEqual([]);
    expect(response.data!.updateUsers.users).toHaveLength(1);
    expect(response.data!.updateUsers.users[0]).toMatchObject({
      name: 'Ada Lovelace',
      company: 'Babbage & Co',
    });
    expect(new Date(response.data!.updateUsers.users[0]!.updatedAt).getTime()).toBeGreaterThan(
      Date.now() - 60_000,
    );
    expect(await storedUser(someone.id)).toMatchObject({
      name: 'Ada Lovelace',
      company: 'Babbage & Co',
    });
  });

  it('refuses a blank or over-long name on save, and changes nothing', async () => {
    const before = await storedUser(alice.id);
    for (const [name, reason] of [
      ['   ', 'REQUIRED'],
      ['x'.repeat(201), 'TOO_LONG'],
    ] as const) {
      const response = await asAlice(
        'mutation($name: String!) { updateUsers(update: { name: { set: $name } }) { users { id } } }',
        { name },
      );
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors[0]!.extensions!.fields).toEqual({ name: reason });
    }
    const nulled = await asAlice(
      'mutation { updateUsers(update: { name: null, company: {} }) { users { id } } }',
    );
    expect(nulled.errors[0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: { name: 'REQUIRED', company: 'REQUIRED' },
    });
    expect(await storedUser(alice.id)).toEqual(before);
  });
});

describe('what cannot be set or read at all', () => {
  it('offers no create or delete mutation for users', async () => {
    const response = await graphql<{ __schema: { mutationType: { fields: { name: string }[] } } }>(
      api.url,
      '{ __schema { mutationType { fields { name } } } }',
    );
    const names = response.data!.__schema.mutationType.fields.map((field) => field.name).sort();
    expect(names).not.toContain('createUsers');
    expect(names).not.toContain('deleteUsers');
    expect(names.filter((name) => /Users$/.test(name))).toEqual(['updateUsers']);
    expect(names.filter((name) => /Sessions?$/.test(name))).toEqual([
      'refreshSession',
      'revokeSession',
    ]);
  });

  it('does not declare the password hash or the email key anywhere', async () => {
    const response = await graphql(
      api.url,
      '{ __schema { types { name fields { name } inputFields { name } } } }',
    );
    expect(response.text).not.toMatch(/passwordHash|emailKey/i);
  });

  it('does not let updateUsers set id, email or timestamps', async () => {
    const response = await graphql<{ __type: { inputFields: { name: string }[] } }>(
      api.url,
      '{ __type(name: "UserUpdateInput") { inputFields { name } } }',
    );
    expect(response.data!.__type.inputFields.map((field) => field.name).sort()).toEqual([
      'company',
      'name',
    ]);

    const attempt = await asAlice(
      'mutation { updateUsers(update: { email: { set: "x@example.com" } }) { users { id } } }',
    );
    expect(errorCodes(attempt)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});

describe('callers without a live session', () => {
  const protectedOperations = [
    ME,
    '{ users { id } }',
    '{ usersConnection { totalCount } }',
    'mutation { updateUsers(update: { name: { set: "Eve" } }) { users { id } } }',
    LOGOUT,
  ];

  it.each(protectedOperations)('get UNAUTHENTICATED and no data for %s', async (query) => {
    const response = await graphql(api.url, query);
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.data).toBeNull();
  });

  it.each(protectedOperations)('get UNAUTHENTICATED after logout for %s', async (query) => {
    const someone = await registerUser(api.url, 'revoked');
    await graphql(api.url, LOGOUT, {}, someone.accessToken);
    const before = await storedUser(someone.id);

    const response = await graphql(api.url, query, {}, someone.accessToken);
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(await storedUser(someone.id)).toEqual(before);
  });
});
