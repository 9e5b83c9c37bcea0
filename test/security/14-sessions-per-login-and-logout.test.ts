import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { LOGIN, LOGOUT, ME, login, registerUser } from '../support/accounts.js';
import { errorCodes, graphql } from '../support/graphql.js';
import { mailTo } from '../support/outbox.js';
import { useTestApi } from '../support/testApi.js';

const api = useTestApi();
const me = (token?: string) => graphql<{ me: { id: string } }>(api().url, ME, {}, token);

describe('SECURITY 14: each login starts a new session; logout ends it at once', () => {
  it('starts a new session each time, and each token works on its own', async () => {
    const user = await registerUser(api().url, 'sessions');
    const first = (await login(api().url, user.email, user.password)).data!.login.accessToken;
    const second = (await login(api().url, user.email, user.password)).data!.login.accessToken;

    const sessionOf = (token: string) => (jwt.decode(token) as { sid: string }).sid;
    expect(new Set([sessionOf(user.accessToken), sessionOf(first), sessionOf(second)]).size).toBe(
      3,
    );
    for (const token of [user.accessToken, first, second]) {
      const me = await graphql<{ me: { id: string } }>(api().url, ME, {}, token);
      expect(me.data?.me.id).toBe(user.id);
    }
  });

  it('refuses the same token on its very next use, and other sessions go on', async () => {
    const someone = await registerUser(api().url, 'logout');
    const login = await graphql<{ login: { accessToken: string } }>(api().url, LOGIN, {
      input: { email: someone.email, password: someone.password },
    });
    const otherSession = login.data!.login.accessToken;

    const logout = await graphql<{ logout: boolean }>(api().url, LOGOUT, {}, someone.accessToken);
    expect(logout.data?.logout).toBe(true);

    expect(errorCodes(await me(someone.accessToken))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await graphql(api().url, LOGOUT, {}, someone.accessToken))).toEqual([
      'UNAUTHENTICATED',
    ]);
    expect((await me(otherSession)).data?.me.id).toBe(someone.id);

    const { records } = await api().driver.executeQuery(
      'MATCH (:User {id: $id})-[:HAS_SESSION]->(s:Session) RETURN s.revokedAt IS NOT NULL AS revoked',
      { id: someone.id },
    );
    expect(records.map((record) => record.get('revoked') as boolean).sort()).toEqual([false, true]);
  });

  it('refuses the fields after a logout in the same request', async () => {
    const user = await registerUser(api().url, 'logout-then');
    await api().settled();
    const mailBefore = (await mailTo(api().outboxDir, user.email)).length;

    const response = await graphql(
      api().url,
      'mutation { logout requestEmailVerification }',
      {},
      user.accessToken,
    );
    expect(response.data).toEqual(null);
    expect(response.errors.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['requestEmailVerification'], 'UNAUTHENTICATED'],
    ]);
    await api().settled();
    expect(await mailTo(api().outboxDir, user.email)).toHaveLength(mailBefore);
  });
});
