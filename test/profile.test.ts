import { describe, expect, it } from 'vitest';
import { registerUser, type RegisteredUser } from './support/accounts.js';
import { errorCodes, graphql } from './support/graphql.js';
import { useTestApi } from './support/testApi.js';

const api = useTestApi();

async function storedUser(id: string) {
  const { records } = await api().driver.executeQuery(
    'MATCH (u:User {id: $id}) RETURN u {.name, .company, .email, .updatedAt} AS user',
    { id },
  );
  return records[0]?.get('user') as Record<string, unknown> | undefined;
}

function as(user: RegisteredUser, query: string, variables?: Record<string, unknown>) {
  return graphql(api().url, query, variables, user.accessToken);
}

describe('profile save', () => {
  it('saves their own name and company, trimmed, and stamps updatedAt', async () => {
    const someone = await registerUser(api().url, 'profile');
    const response = await graphql<{
      updateUsers: { users: { name: string; company: string; updatedAt: string }[] };
    }>(
      api().url,
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
    const alice = await registerUser(api().url, 'alice');
    const before = await storedUser(alice.id);
    for (const [name, reason] of [
      ['   ', 'REQUIRED'],
      ['x'.repeat(201), 'TOO_LONG'],
    ] as const) {
      const response = await as(
        alice,
        'mutation($name: String!) { updateUsers(update: { name: { set: $name } }) { users { id } } }',
        { name },
      );
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors[0]!.extensions!.fields).toEqual({ name: reason });
    }
    const nulled = await as(
      alice,
      'mutation { updateUsers(update: { name: null, company: {} }) { users { id } } }',
    );
    expect(nulled.errors[0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: { name: 'REQUIRED', company: 'REQUIRED' },
    });
    expect(await storedUser(alice.id)).toEqual(before);
  });
});
