import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHANGE_PASSWORD,
  LOGIN,
  RESET_PASSWORD,
  registerUser,
  strongPassword,
  uniqueEmail,
  type AuthPayloadData,
} from './support/accounts.js';
import { errorCodes, graphql } from './support/graphql.js';
import { mailTo } from './support/outbox.js';
import { TestClock } from './support/testClock.js';
import { startTestApi, type TestApi } from './support/testApi.js';

let api: TestApi;
const clock = new TestClock();
beforeAll(async () => {
  api = await startTestApi({}, clock);
});
afterAll(async () => {
  await api?.close();
});

const login = (email: string, password: string) =>
  graphql<{ login: AuthPayloadData }>(api.url, LOGIN, { input: { email, password } });

describe('changePassword', () => {
  const change = (accessToken: string, currentPassword: string, newPassword: string) =>
    graphql<{ changePassword: AuthPayloadData }>(
      api.url,
      CHANGE_PASSWORD,
      { input: { currentPassword, newPassword } },
      accessToken,
    );

  it('needs the current password', async () => {
    const user = await registerUser(api.url, 'change-wrong');
    const response = await change(user.accessToken, 'not my password at all', strongPassword());
    expect(errorCodes(response)).toEqual(['INVALID_CREDENTIALS']);
    expect((await login(user.email, user.password)).errors).toEqual([]);
  });

  it('applies the password policy to the new password', async () => {
    const user = await registerUser(api.url, 'change-policy');
    for (const [newPassword, reason] of [
      ['too short', 'TOO_SHORT'],
      ['passwordpassword', 'TOO_COMMON'],
      [user.email, 'TOO_COMMON'],
    ] as const) {
      const response = await change(user.accessToken, user.password, newPassword);
      expect(response.errors[0]?.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        fields: { newPassword: reason },
      });
    }
    expect((await login(user.email, user.password)).errors).toEqual([]);
  });
});

describe('password reset', () => {
  const requestReset = (email: string) =>
    graphql<{ requestPasswordReset: boolean }>(
      api.url,
      'mutation($email: String!) { requestPasswordReset(email: $email) }',
      {
        email,
      },
    );
  const reset = (token: string, newPassword: string) =>
    graphql<{ resetPassword: AuthPayloadData }>(api.url, RESET_PASSWORD, {
      input: { token, newPassword },
    });

  async function resetToken(email: string): Promise<string> {
    await api.settled();
    const mail = (await mailTo(api.outboxDir, email)).filter(
      (m) => m.subject === 'Reset your password',
    );
    const token = mail.at(-1)?.token;
    if (!token) throw new Error(`no reset message for ${email}`);
    return token;
  }

  it('answers true for an unknown address and sends nothing', async () => {
    const email = uniqueEmail('nobody');
    const response = await requestReset(email);
    expect(response.data?.requestPasswordReset).toBe(true);
    await api.settled();
    expect(await mailTo(api.outboxDir, email)).toEqual([]);
  });

  it('answers the same, as fast, whether the address has an account or not', async () => {
    const user = await registerUser(api.url, 'reset-timing');
    const timings = { known: [] as number[], unknown: [] as number[] };
    for (let round = 0; round < 10; round += 1) {
      for (const [kind, email] of [
        ['known', user.email],
        ['unknown', uniqueEmail('ghost')],
      ] as const) {
        const started = performance.now();
        const response = await requestReset(email);
        timings[kind].push(performance.now() - started);
        await api.settled(); // the next request is timed without this one's mail in flight
        expect(response.text).toBe('{"data":{"requestPasswordReset":true}}\n');
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[5]!;
    const ratio = median(timings.known) / median(timings.unknown);
    console.log(
      `requestPasswordReset median ms: known ${median(timings.known).toFixed(1)}, unknown ${median(timings.unknown).toFixed(1)}`,
    );
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('keeps the token usable when the new password is refused', async () => {
    const user = await registerUser(api.url, 'reset-policy');
    await requestReset(user.email);
    const token = await resetToken(user.email);

    const weak = await reset(token, 'short');
    expect(weak.errors[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: { newPassword: 'TOO_SHORT' },
    });
    expect((await reset(token, strongPassword())).errors).toEqual([]);
  });

  it('refuses a token after 30 minutes, an unknown token, and an access token', async () => {
    const user = await registerUser(api.url, 'reset-expiry');
    await requestReset(user.email);
    const token = await resetToken(user.email);

    clock.advanceSeconds(30 * 60 + 1);
    expect(errorCodes(await reset(token, strongPassword()))).toEqual(['INVALID_TOKEN']);
    expect(errorCodes(await reset('made-up-token', strongPassword()))).toEqual(['INVALID_TOKEN']);
    expect(errorCodes(await reset(user.accessToken, strongPassword()))).toEqual(['INVALID_TOKEN']);
    expect((await login(user.email, user.password)).errors).toEqual([]);
  });

  it('only lets the newest link work', async () => {
    const user = await registerUser(api.url, 'reset-newest');
    await requestReset(user.email);
    const first = await resetToken(user.email);
    await requestReset(user.email);
    const second = await resetToken(user.email);

    expect(second).not.toBe(first);
    expect(errorCodes(await reset(first, strongPassword()))).toEqual(['INVALID_TOKEN']);
    expect((await reset(second, strongPassword())).errors).toEqual([]);
  });

  it('works once when two requests race with one token', async () => {
    const user = await registerUser(api.url, 'reset-race');
    await requestReset(user.email);
    const token = await resetToken(user.email);

    const results = await Promise.all([
      reset(token, strongPassword()),
      reset(token, strongPassword()),
    ]);
    const codes = results.map((result) => errorCodes(result)[0] ?? 'OK').sort();
    expect(codes).toEqual(['INVALID_TOKEN', 'OK']);
  });

  it('refuses a blank or malformed address as BAD_USER_INPUT', async () => {
    expect((await requestReset('  ')).errors[0]?.extensions?.fields).toEqual({ email: 'REQUIRED' });
    expect((await requestReset('not-an-address')).errors[0]?.extensions?.fields).toEqual({
      email: 'INVALID_EMAIL',
    });
  });
});
