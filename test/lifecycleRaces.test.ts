// Requests that race each other or outlive what they were for: each test holds an invariant
// that an attacker would otherwise use (found by trying to break the API).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHANGE_PASSWORD,
  LOGIN,
  REFRESH,
  RESET_PASSWORD,
  registerUser,
  strongPassword,
  uniqueEmail,
  type AuthPayloadData,
  type RegisteredUser,
} from './support/accounts.js';
import { errorCodes, graphql } from './support/graphql.js';
import { mailTo } from './support/outbox.js';
import { startTestApi, type TestApi } from './support/testApi.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

type RefreshData = { refreshSession: AuthPayloadData };
const refresh = (refreshToken: string) => graphql<RefreshData>(api.url, REFRESH, { refreshToken });
const CHANGE_EMAIL = 'mutation($input: ChangeEmailInput!) { changeEmail(input: $input) }';
const CONFIRM = 'mutation($token: String!) { confirmEmailChange(token: $token) { email } }';
const REQUEST_RESET = 'mutation($email: String!) { requestPasswordReset(email: $email) }';

async function lastToken(email: string, subject: string): Promise<string> {
  await api.settled();
  const token = (await mailTo(api.outboxDir, email))
    .filter((m) => m.subject === subject)
    .at(-1)?.token;
  if (!token) throw new Error(`no "${subject}" message for ${email}`);
  return token;
}

async function askEmailChange(
  user: RegisteredUser,
  accessToken = user.accessToken,
): Promise<string> {
  const newEmail = uniqueEmail('elsewhere');
  await graphql(
    api.url,
    CHANGE_EMAIL,
    { input: { password: user.password, newEmail } },
    accessToken,
  );
  return lastToken(newEmail, 'Confirm your new email address');
}

async function sessionRevoked(refreshTokenOwner: string): Promise<boolean> {
  const { records } = await api.driver.executeQuery(
    'MATCH (:User {id: $id})-[:HAS_SESSION]->(s:Session) RETURN s.revokedAt IS NOT NULL AS revoked',
    { id: refreshTokenOwner },
  );
  return records.some((record) => record.get('revoked') === true);
}

describe('links that must not outlive a password or an address', () => {
  it('cancels a pending email change when the password is reset', async () => {
    const user = await registerUser(api.url, 'victim-reset');
    const attackerLink = await askEmailChange(user);

    await graphql(api.url, REQUEST_RESET, { email: user.email });
    const reset = await graphql(api.url, RESET_PASSWORD, {
      input: {
        token: await lastToken(user.email, 'Reset your password'),
        newPassword: strongPassword(),
      },
    });
    expect(reset.errors).toEqual([]);
    expect(errorCodes(await graphql(api.url, CONFIRM, { token: attackerLink }))).toEqual([
      'INVALID_TOKEN',
    ]);
  });

  it('cancels a pending email change and reset links when the password is changed', async () => {
    const user = await registerUser(api.url, 'victim-change');
    const attackerLink = await askEmailChange(user);
    await graphql(api.url, REQUEST_RESET, { email: user.email });
    const resetLink = await lastToken(user.email, 'Reset your password');

    const input = { currentPassword: user.password, newPassword: strongPassword() };
    expect((await graphql(api.url, CHANGE_PASSWORD, { input }, user.accessToken)).errors).toEqual(
      [],
    );
    expect(errorCodes(await graphql(api.url, CONFIRM, { token: attackerLink }))).toEqual([
      'INVALID_TOKEN',
    ]);
    const reset = await graphql(api.url, RESET_PASSWORD, {
      input: { token: resetLink, newPassword: strongPassword() },
    });
    expect(errorCodes(reset)).toEqual(['INVALID_TOKEN']);
  });

  it('ends a reset link mailed to the old address once a new address is confirmed', async () => {
    const user = await registerUser(api.url, 'mover');
    await graphql(api.url, REQUEST_RESET, { email: user.email });
    const oldAddressLink = await lastToken(user.email, 'Reset your password');

    expect((await graphql(api.url, CONFIRM, { token: await askEmailChange(user) })).errors).toEqual(
      [],
    );
    const reset = await graphql(api.url, RESET_PASSWORD, {
      input: { token: oldAddressLink, newPassword: strongPassword() },
    });
    expect(errorCodes(reset)).toEqual(['INVALID_TOKEN']);
  });

  it('ends the earlier change link also when the new address has an account, so links tell nothing', async () => {
    const user = await registerUser(api.url, 'prober');
    const someone = await registerUser(api.url, 'probed');
    const earlier = await askEmailChange(user);

    await graphql(
      api.url,
      CHANGE_EMAIL,
      { input: { password: user.password, newEmail: someone.email } },
      user.accessToken,
    );
    await api.settled();
    expect(errorCodes(await graphql(api.url, CONFIRM, { token: earlier }))).toEqual([
      'INVALID_TOKEN',
    ]);
  });

  it('refuses a new password equal to the current one', async () => {
    const user = await registerUser(api.url, 'same');
    const input = { currentPassword: user.password, newPassword: user.password };
    const response = await graphql(api.url, CHANGE_PASSWORD, { input }, user.accessToken);
    expect(response.errors[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: { newPassword: 'UNCHANGED' },
    });
  });
});

describe('racing requests', () => {
  it('never lets a used refresh token roll a session back while its owner refreshes', async () => {
    for (let trial = 0; trial < 12; trial += 1) {
      const user = await registerUser(api.url, 'rollback');
      const owned = (await refresh(user.refreshToken)).data!.refreshSession.refreshToken;

      // A thief replays the first token (inside the grace period) as the owner trades the second.
      const [, owner] = await Promise.all([refresh(user.refreshToken), refresh(owned)]);
      if (await sessionRevoked(user.id)) continue;

      expect(owner.errors).toEqual([]);
      const next = await refresh(owner.data!.refreshSession.refreshToken);
      expect(next.errors).toEqual([]);
    }
  });

  it('leaves a thief refreshing during a password change without a working token', async () => {
    for (let trial = 0; trial < 12; trial += 1) {
      const user = await registerUser(api.url, 'change-race');
      const input = { currentPassword: user.password, newPassword: strongPassword() };
      const [thief, owner] = await Promise.all([
        refresh(user.refreshToken),
        graphql<{ changePassword: AuthPayloadData }>(
          api.url,
          CHANGE_PASSWORD,
          { input },
          user.accessToken,
        ),
      ]);

      expect(owner.errors).toEqual([]);
      expect((await refresh(owner.data!.changePassword.refreshToken)).errors).toEqual([]);
      const stolen = thief.data?.refreshSession.refreshToken;
      if (stolen) expect(errorCodes(await refresh(stolen))).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('keeps exactly one reset link live after ten requests at once', async () => {
    const user = await registerUser(api.url, 'many-resets');
    await Promise.all(
      Array.from({ length: 10 }, () => graphql(api.url, REQUEST_RESET, { email: user.email })),
    );
    await api.settled();
    const { records } = await api.driver.executeQuery(
      `MATCH (:User {id: $id})-[:HAS_TOKEN]->(t:AccountToken {purpose: 'reset_password'})
       WHERE t.usedAt IS NULL RETURN count(t) AS live`,
      { id: user.id },
    );
    expect(Number(records[0]!.get('live'))).toBe(1);
  });

  it('leaves nothing behind when an account is deleted while other requests run', async () => {
    for (let trial = 0; trial < 5; trial += 1) {
      const user = await registerUser(api.url, 'deleted-busy');
      const credentials = { input: { email: user.email, password: user.password } };
      const responses = await Promise.all([
        graphql(
          api.url,
          'mutation($p: String!) { deleteAccount(password: $p) }',
          { p: user.password },
          user.accessToken,
        ),
        ...Array.from({ length: 4 }, () => graphql(api.url, LOGIN, credentials)),
        refresh(user.refreshToken),
        graphql(api.url, REQUEST_RESET, { email: user.email }),
      ]);
      await api.settled();
      expect(responses.flatMap(errorCodes)).not.toContain('INTERNAL_SERVER_ERROR');
    }

    const { records } = await api.driver.executeQuery(
      `OPTIONAL MATCH (s:Session) WHERE NOT EXISTS { (:User)-[:HAS_SESSION]->(s) }
       WITH count(s) AS sessions
       OPTIONAL MATCH (t:AccountToken) WHERE NOT EXISTS { (:User)-[:HAS_TOKEN]->(t) }
       WITH sessions, count(t) AS tokens
       OPTIONAL MATCH (r:UsedRefreshToken) WHERE NOT EXISTS { (:Session)-[:USED_REFRESH_TOKEN]->(r) }
       RETURN sessions, tokens, count(r) AS usedRefreshTokens`,
    );
    const orphans = Object.fromEntries(
      Object.entries(records[0]!.toObject()).map(([kind, count]) => [kind, Number(count)]),
    );
    expect(orphans).toEqual({ sessions: 0, tokens: 0, usedRefreshTokens: 0 });
  });
});
