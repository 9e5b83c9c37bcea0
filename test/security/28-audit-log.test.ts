import { describe, expect, it } from 'vitest';
import {
  CHANGE_PASSWORD,
  LOGOUT,
  REFRESH,
  login,
  registerUser,
  strongPassword,
  type AuthPayloadData,
} from '../support/accounts.js';
import { graphql } from '../support/graphql.js';
import { useTestApi } from '../support/testApi.js';

const api = useTestApi({ RATE_LIMIT_LOGIN_ACCOUNT: '2/1m' });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('SECURITY 28: one structured log line per authentication event, without secrets', () => {
  it('logs each event with its outcome, request id, user id and client address', async () => {
    const user = await registerUser(api().url, 'audit');
    const signedIn = (await login(api().url, user.email, user.password)).data!.login;
    await login(api().url, user.email, 'not the right password at all');
    const refreshed = await graphql<{ refreshSession: AuthPayloadData }>(api().url, REFRESH, {
      refreshToken: signedIn.refreshToken,
    });
    const newPassword = strongPassword();
    const input = { currentPassword: user.password, newPassword };
    await graphql(api().url, CHANGE_PASSWORD, { input }, signedIn.accessToken);
    await graphql(api().url, LOGOUT, {}, refreshed.data!.refreshSession.accessToken);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await login(api().url, user.email, 'guessing once more and again');
    }

    const events = api()
      .logs.filter((line) => line.userId === user.id || line.event === 'rate_limited')
      .map((line) => `${String(line.event)}:${String(line.outcome)}`);
    expect(events).toEqual([
      'register:success',
      'login:success',
      'login:failure',
      'refresh:success',
      'password_change:success',
      'logout:success',
      'login:failure',
      'login:failure',
      'rate_limited:refused',
    ]);

    for (const line of api().logs.filter((entry) => entry.event && entry.outcome)) {
      expect((line.req as { id?: string } | undefined)?.id).toMatch(UUID);
      expect(line.clientAddress).toBe('127.0.0.1');
    }
  });

  it('never writes a password, token, hash or email into the log', async () => {
    const user = await registerUser(api().url, 'secrets');
    const signedIn = (await login(api().url, user.email, user.password)).data!.login;
    const { records } = await api().driver.executeQuery(
      'MATCH (u:User {id: $id}) RETURN u.passwordHash AS hash',
      { id: user.id },
    );
    const everything = api().rawLogs.join('');
    const secrets = [
      user.password,
      user.email,
      user.accessToken,
      user.refreshToken,
      signedIn.accessToken,
      signedIn.refreshToken,
      records[0]!.get('hash') as string,
    ];
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});
