import { describe, expect, it } from 'vitest';
import {
  CHANGE_PASSWORD,
  REFRESH,
  RESET_PASSWORD,
  login,
  registerUser,
  strongPassword,
  type AuthPayloadData,
  type RegisteredUser,
} from '../support/accounts.js';
import { errorCodes, graphql } from '../support/graphql.js';
import { mailTo } from '../support/outbox.js';
import { useTestApi } from '../support/testApi.js';
import { ME } from '../support/accounts.js';

const api = useTestApi();
const me = (accessToken: string) => graphql<{ me: { id: string } }>(api().url, ME, {}, accessToken);
const change = (accessToken: string, currentPassword: string, newPassword: string) =>
  graphql<{ changePassword: AuthPayloadData }>(
    api().url,
    CHANGE_PASSWORD,
    { input: { currentPassword, newPassword } },
    accessToken,
  );
const requestReset = (email: string) =>
  graphql(api().url, 'mutation($email: String!) { requestPasswordReset(email: $email) }', {
    email,
  });
const reset = (token: string, newPassword: string) =>
  graphql<{ resetPassword: AuthPayloadData }>(api().url, RESET_PASSWORD, {
    input: { token, newPassword },
  });

async function secondSession(user: RegisteredUser): Promise<AuthPayloadData> {
  return (await login(api().url, user.email, user.password)).data!.login;
}

async function resetToken(email: string): Promise<string> {
  await api().settled();
  const mail = (await mailTo(api().outboxDir, email)).filter(
    (m) => m.subject === 'Reset your password',
  );
  const token = mail.at(-1)?.token;
  if (!token) throw new Error(`no reset message for ${email}`);
  return token;
}

/** Two changes at once, each to a new password of its own: the answers, and which one won. */
async function raceChanges(user: RegisteredUser, accessTokens: [string, string]) {
  const passwords = [strongPassword(), strongPassword()] as const;
  const answers = await Promise.all(
    accessTokens.map((token, index) => change(token, user.password, passwords[index]!)),
  );
  const won = answers.map((answer) => answer.errors.length === 0);
  const winnerIndex = won[0] ? 0 : 1;
  return {
    answers,
    won,
    winnerAnswer: answers[winnerIndex]!,
    winner: passwords[winnerIndex],
    loser: passwords[1 - winnerIndex]!,
  };
}

async function expectOnlyPassword(user: RegisteredUser, winner: string, loser: string) {
  expect((await login(api().url, user.email, winner)).errors).toEqual([]);
  expect(errorCodes(await login(api().url, user.email, loser))).toEqual(['INVALID_CREDENTIALS']);
}

describe('SECURITY 16: a password change or reset ends every other session', () => {
  it('ends every other session, renews this one, and tells the owner by mail', async () => {
    const user = await registerUser(api().url, 'change');
    const other = await secondSession(user);
    const newPassword = strongPassword();

    const response = await change(user.accessToken, user.password, newPassword);
    expect(response.errors).toEqual([]);
    const renewed = response.data!.changePassword;

    expect(errorCodes(await me(other.accessToken))).toEqual(['UNAUTHENTICATED']);
    expect(
      errorCodes(await graphql(api().url, REFRESH, { refreshToken: other.refreshToken })),
    ).toEqual(['UNAUTHENTICATED']);
    expect((await me(renewed.accessToken)).data?.me.id).toBe(user.id);
    expect(
      (await graphql(api().url, REFRESH, { refreshToken: renewed.refreshToken })).errors,
    ).toEqual([]);

    expect(errorCodes(await login(api().url, user.email, user.password))).toEqual([
      'INVALID_CREDENTIALS',
    ]);
    expect((await login(api().url, user.email, newPassword)).errors).toEqual([]);

    await api().settled();
    const mail = await mailTo(api().outboxDir, user.email);
    expect(mail.map((message) => message.subject)).toContain('Your password was changed');
  });

  it('sets the new password with the mailed token, ends every session and signs in', async () => {
    const user = await registerUser(api().url, 'reset');
    const other = await secondSession(user);
    await requestReset(user.email.toUpperCase());
    const token = await resetToken(user.email);
    expect(token).toMatch(/^[\w-]{43}$/);

    const newPassword = strongPassword();
    const response = await reset(token, newPassword);
    expect(response.errors).toEqual([]);
    const signedIn = response.data!.resetPassword;
    expect(signedIn.user).toMatchObject({ id: user.id, emailVerified: true });

    for (const old of [user.accessToken, other.accessToken]) {
      expect(errorCodes(await me(old))).toEqual(['UNAUTHENTICATED']);
    }
    expect((await me(signedIn.accessToken)).data?.me.id).toBe(user.id);
    expect(errorCodes(await login(api().url, user.email, user.password))).toEqual([
      'INVALID_CREDENTIALS',
    ]);
    expect((await login(api().url, user.email, newPassword)).errors).toEqual([]);

    expect(errorCodes(await reset(token, strongPassword()))).toEqual(['INVALID_TOKEN']);
  });

  it('refuses a change beside a logout in the same request, and changes nothing', async () => {
    const user = await registerUser(api().url, 'logout-first');
    const other = await secondSession(user);
    const response = await graphql(
      api().url,
      `
        mutation ($input: ChangePasswordInput!) {
          logout
          changePassword(input: $input) {
            accessToken
          }
        }
      `,
      { input: { currentPassword: user.password, newPassword: strongPassword() } },
      user.accessToken,
    );
    expect(errorCodes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);

    expect((await login(api().url, user.email, user.password)).errors).toEqual([]);
    expect((await me(other.accessToken)).data?.me.id).toBe(user.id);
  });

  it('lets one of two concurrent changes win, and the other changes nothing', async () => {
    const user = await registerUser(api().url, 'concurrent');
    const other = await secondSession(user);
    const race = await raceChanges(user, [user.accessToken, other.accessToken]);

    expect(race.won.filter(Boolean)).toHaveLength(1);
    // Refused by its session, ended by the other change, or by the hash it checked, replaced.
    expect(['UNAUTHENTICATED', 'INVALID_CREDENTIALS']).toContain(
      race.answers.flatMap(errorCodes).join(),
    );
    const winnerTokens = race.winnerAnswer.data!.changePassword;
    expect((await me(winnerTokens.accessToken)).data?.me.id).toBe(user.id);
    await expectOnlyPassword(user, race.winner, race.loser);
  });

  it('lets one of two concurrent changes from the same session win', async () => {
    const user = await registerUser(api().url, 'same-session');
    const race = await raceChanges(user, [user.accessToken, user.accessToken]);

    expect(race.won.filter(Boolean)).toHaveLength(1);
    expect(race.answers.flatMap(errorCodes)).toEqual(['INVALID_CREDENTIALS']);
    await expectOnlyPassword(user, race.winner, race.loser);
  });
});
