import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ME, REFRESH, REGISTER, registerUser } from './support/accounts.js';
import { errorCodes, graphql } from './support/graphql.js';
import { startTestApi, type TestApi } from './support/testApi.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

const DELETE = 'mutation($password: String!) { deleteAccount(password: $password) }';

async function nodesOf(userId: string): Promise<number> {
  const { records } = await api.driver.executeQuery(
    `MATCH (n) WHERE n:User AND n.id = $userId
        OR EXISTS { (:User {id: $userId})-[:HAS_SESSION|HAS_TOKEN]->(n) }
     RETURN count(n) AS nodes`,
    { userId },
  );
  return Number(records[0]!.get('nodes'));
}

describe('deleteAccount', () => {
  it('needs the password and changes nothing without it', async () => {
    const user = await registerUser(api.url, 'keep');
    const response = await graphql(
      api.url,
      DELETE,
      { password: 'not the password at all' },
      user.accessToken,
    );
    expect(errorCodes(response)).toEqual(['INVALID_CREDENTIALS']);
    expect(
      (await graphql<{ me: { id: string } }>(api.url, ME, {}, user.accessToken)).data?.me.id,
    ).toBe(user.id);
  });

  it('removes the user, their sessions and tokens; the email can register again', async () => {
    const user = await registerUser(api.url, 'leaver');
    await graphql(api.url, REFRESH, { refreshToken: user.refreshToken });
    expect(await nodesOf(user.id)).toBeGreaterThan(2);

    const response = await graphql(api.url, DELETE, { password: user.password }, user.accessToken);
    expect(response.data).toEqual({ deleteAccount: true });

    const { records } = await api.driver.executeQuery(
      `OPTIONAL MATCH (u:User {id: $userId})
       OPTIONAL MATCH (s:Session)-[:USED_REFRESH_TOKEN]->(:UsedRefreshToken)
         WHERE NOT EXISTS { (:User)-[:HAS_SESSION]->(s) }
       RETURN count(u) AS users, count(s) AS orphans`,
      { userId: user.id },
    );
    expect(Number(records[0]!.get('users'))).toBe(0);
    expect(Number(records[0]!.get('orphans'))).toBe(0);

    expect(errorCodes(await graphql(api.url, ME, {}, user.accessToken))).toEqual([
      'UNAUTHENTICATED',
    ]);
    const again = await graphql(api.url, REGISTER, {
      input: { name: user.name, email: user.email, company: user.company, password: user.password },
    });
    expect(again.errors).toEqual([]);
  });

  it('needs a signed-in caller', async () => {
    expect(errorCodes(await graphql(api.url, DELETE, { password: 'whatever it may be' }))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });
});
