import { describe, expect, it } from 'vitest';
import {
  REFRESH,
  RESET_PASSWORD,
  login,
  register,
  registerUser,
  strongPassword,
  uniqueEmail,
  validRegistration,
} from '../support/accounts.js';
import { errorCodes, graphql, type GraphQLResponse } from '../support/graphql.js';
import { mailTo } from '../support/outbox.js';
import { startTestApi, useTestApi } from '../support/testApi.js';

const WRONG = 'not the right password at all';

function retryAfter(response: GraphQLResponse<unknown>): number {
  expect(errorCodes(response)).toEqual(['RATE_LIMITED']);
  return response.errors[0]!.extensions!.retryAfterSeconds as number;
}

describe('SECURITY 21: failed logins are limited per account and per address', () => {
  const api = useTestApi({
    RATE_LIMIT_LOGIN_ACCOUNT: '3/15m',
    RATE_LIMIT_LOGIN_ADDRESS: '1000/1h',
  });

  it('locks an account after too many attempts, without checking the password', async () => {
    const user = await registerUser(api().url, 'locked');
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect(errorCodes(await login(api().url, user.email, WRONG))).toEqual([
        'INVALID_CREDENTIALS',
      ]);
    }
    // Even the right password is refused now: no password check is spent on a locked account.
    const locked = await login(api().url, user.email, user.password);
    const seconds = retryAfter(locked);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(15 * 60);
    const checked = api().logs.filter((line) => line.event === 'login' && line.userId === user.id);
    expect(checked).toHaveLength(3);
  });

  it('locks unknown emails the same way, so a lock tells nothing', async () => {
    const email = uniqueEmail('nobody');
    for (let attempt = 0; attempt < 3; attempt += 1) await login(api().url, email, WRONG);
    retryAfter(await login(api().url, email, WRONG));
  });

  it('starts counting again after a successful login', async () => {
    const user = await registerUser(api().url, 'recovering');
    await login(api().url, user.email, WRONG);
    await login(api().url, user.email, WRONG);
    expect((await login(api().url, user.email, user.password)).errors).toEqual([]);
    await login(api().url, user.email, WRONG);
    await login(api().url, user.email, WRONG);
    expect((await login(api().url, user.email, user.password)).errors).toEqual([]);
  });

  it('counts a wrong current password in changePassword against the same account budget', async () => {
    const user = await registerUser(api().url, 'changer');
    const attempt = () =>
      graphql(
        api().url,
        'mutation($i: ChangePasswordInput!) { changePassword(input: $i) { accessToken } }',
        { i: { currentPassword: WRONG, newPassword: strongPassword() } },
        user.accessToken,
      );
    await attempt();
    await attempt();
    await login(api().url, user.email, WRONG);
    retryAfter(await login(api().url, user.email, user.password));
  });
});

describe('SECURITY 21: per client address, and never more than the consecutive-failure cap', () => {
  it('limits failures from one address across many accounts', async () => {
    const api = await startTestApi({ RATE_LIMIT_LOGIN_ADDRESS: '4/1h' });
    try {
      for (let attempt = 0; attempt < 4; attempt += 1) {
        await login(api.url, uniqueEmail('spray'), WRONG);
      }
      retryAfter(await login(api.url, uniqueEmail('spray'), WRONG));
    } finally {
      await api.close();
    }
  });

  it('locks an account after LOGIN_MAX_CONSECUTIVE_FAILURES until a password reset', async () => {
    const api = await startTestApi({ LOGIN_MAX_CONSECUTIVE_FAILURES: '4' });
    try {
      const user = await registerUser(api.url, 'hammered');
      for (let attempt = 0; attempt < 4; attempt += 1) await login(api.url, user.email, WRONG);
      retryAfter(await login(api.url, user.email, user.password));

      await graphql(api.url, 'mutation($e: String!) { requestPasswordReset(email: $e) }', {
        e: user.email,
      });
      await api.settled();
      const mail = await mailTo(api.outboxDir, user.email);
      const token = mail.find((message) => message.subject === 'Reset your password')!.token!;
      const newPassword = strongPassword();
      await graphql(api.url, RESET_PASSWORD, { input: { token, newPassword } });
      expect((await login(api.url, user.email, newPassword)).errors).toEqual([]);
    } finally {
      await api.close();
    }
  });

  it('takes the client address from X-Forwarded-For only when TRUST_PROXY says so', async () => {
    const forwarded = (url: string, address: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify({
          query: 'mutation($i: LoginInput!) { login(input: $i) { accessToken } }',
          variables: { i: { email: uniqueEmail('proxied'), password: WRONG } },
        }),
      }).then(
        (response) => response.json() as Promise<{ errors: { extensions: { code: string } }[] }>,
      );

    for (const [trustProxy, limited] of [
      ['false', true],
      ['loopback', false],
    ] as const) {
      const api = await startTestApi({ RATE_LIMIT_LOGIN_ADDRESS: '2/1h', TRUST_PROXY: trustProxy });
      try {
        const codes = [];
        for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
          codes.push((await forwarded(api.url, address)).errors[0]!.extensions.code);
        }
        expect(codes.includes('RATE_LIMITED')).toBe(limited);
      } finally {
        await api.close();
      }
    }
  });
});

describe('SECURITY 21: other actions are limited per address', () => {
  const api = useTestApi({
    RATE_LIMIT_REGISTER: '2/1h',
    RATE_LIMIT_PASSWORD_RESET: '2/15m',
    RATE_LIMIT_REFRESH: '2/1m',
  });

  it('limits registrations', async () => {
    await register(api().url, validRegistration());
    await register(api().url, validRegistration());
    retryAfter(await register(api().url, validRegistration()));
  });

  it('limits password-reset requests', async () => {
    const reset = (email: string) =>
      graphql(api().url, 'mutation($e: String!) { requestPasswordReset(email: $e) }', { e: email });
    await reset(uniqueEmail());
    await reset(uniqueEmail());
    retryAfter(await reset(uniqueEmail()));
  });

  it('limits requests for a new verification message', async () => {
    const other = await startTestApi({ RATE_LIMIT_EMAIL_VERIFICATION: '1/15m' });
    try {
      const user = await registerUser(other.url, 'verify-often');
      const ask = () =>
        graphql(other.url, 'mutation { requestEmailVerification }', {}, user.accessToken);
      expect((await ask()).errors).toEqual([]);
      retryAfter(await ask());
    } finally {
      await other.close();
    }
  });

  it('limits refreshes', async () => {
    const refresh = (refreshToken: string) => graphql(api().url, REFRESH, { refreshToken });
    await refresh('not-a-token-1');
    await refresh('not-a-token-2');
    retryAfter(await refresh('not-a-token-3'));
  });
});
