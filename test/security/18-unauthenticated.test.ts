import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { LOGOUT, ME, registerUser } from '../support/accounts.js';
import { errorCodes, graphql } from '../support/graphql.js';
import { useTestApi } from '../support/testApi.js';

const api = useTestApi();

async function storedUser(id: string) {
  const { records } = await api().driver.executeQuery(
    'MATCH (u:User {id: $id}) RETURN u {.name, .company, .email, .updatedAt} AS user',
    { id },
  );
  return records[0]?.get('user') as Record<string, unknown> | undefined;
}

describe('SECURITY 18: callers without a live session get UNAUTHENTICATED and no data', () => {
  const protectedOperations = [
    print(ME),
    '{ users { id } }',
    '{ usersConnection { totalCount } }',
    'mutation { updateUsers(update: { name: { set: "Eve" } }) { users { id } } }',
    print(LOGOUT),
  ];

  it.each(protectedOperations)('get UNAUTHENTICATED and no data for %s', async (query) => {
    const response = await graphql(api().url, query);
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.data).toBeNull();
  });

  it.each(protectedOperations)('get UNAUTHENTICATED after logout for %s', async (query) => {
    const someone = await registerUser(api().url, 'revoked');
    await graphql(api().url, LOGOUT, {}, someone.accessToken);
    const before = await storedUser(someone.id);

    const response = await graphql(api().url, query, {}, someone.accessToken);
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(await storedUser(someone.id)).toEqual(before);
  });
});
