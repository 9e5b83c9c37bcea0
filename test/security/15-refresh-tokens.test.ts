import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN, ME, REFRESH, registerUser, type AuthPayloadData } from '../support/accounts.js';
import { errorCodes, graphql } from '../support/graphql.js';
import { TestClock } from '../support/testClock.js';
import { startTestApi, type TestApi } from '../support/testApi.js';

const HOUR = 3600;
const DAY = 24 * HOUR;

let api: TestApi;
const clock = new TestClock();
beforeAll(async () => {
  api = await startTestApi({}, clock);
});
afterAll(async () => {
  await api?.close();
});

type RefreshData = { refreshSession: AuthPayloadData };
const refresh = (refreshToken: string) => graphql<RefreshData>(api.url, REFRESH, { refreshToken });
const me = (accessToken: string) => graphql<{ me: { id: string } }>(api.url, ME, {}, accessToken);

async function sessionRevoked(userId: string): Promise<boolean[]> {
  const { records } = await api.driver.executeQuery(
    'MATCH (:User {id: $userId})-[:HAS_SESSION]->(s:Session) RETURN s.revokedAt IS NOT NULL AS revoked',
    { userId },
  );
  return records.map((record) => record.get('revoked') as boolean);
}

describe('refreshSession', () => {
  it('trades a refresh token for a new pair, once', async () => {
    const user = await registerUser(api.url, 'refresh');
    const response = await refresh(user.refreshToken);
    expect(response.errors).toEqual([]);

    const pair = response.data!.refreshSession;
    expect(pair.user.id).toBe(user.id);
    expect(pair.refreshToken).not.toBe(user.refreshToken);
    expect(pair.refreshToken).toMatch(/^[\w-]{43}$/); // 256 bits, base64url
    expect(pair.accessToken).not.toBe(user.accessToken);
    expect((await me(pair.accessToken)).data?.me.id).toBe(user.id);
    expect((await refresh(pair.refreshToken)).errors).toEqual([]);
  });

  it('ends the session when a used refresh token comes back after the grace period', async () => {
    const user = await registerUser(api.url, 'reuse');
    const first = (await refresh(user.refreshToken)).data!.refreshSession;

    clock.advanceSeconds(11);
    expect(errorCodes(await refresh(user.refreshToken))).toEqual(['UNAUTHENTICATED']);

    // Both the old and the new tokens stop working.
    expect(errorCodes(await refresh(first.refreshToken))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await me(first.accessToken))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await me(user.accessToken))).toEqual(['UNAUTHENTICATED']);
    expect(await sessionRevoked(user.id)).toEqual([true]);
    expect(
      api.logs.some((line) => line.event === 'refresh' && line.outcome === 'reuse_detected'),
    ).toBe(true);
  });

  it('gives two tabs refreshing with one token at once the same new pair', async () => {
    const user = await registerUser(api.url, 'tabs');
    const [tabA, tabB] = await Promise.all([
      refresh(user.refreshToken),
      refresh(user.refreshToken),
    ]);
    expect(tabA.errors).toEqual([]);
    expect(tabB.errors).toEqual([]);
    expect(tabA.data!.refreshSession.refreshToken).toBe(tabB.data!.refreshSession.refreshToken);

    // A late third tab, still inside the grace period, gets that pair too.
    clock.advanceSeconds(5);
    const late = await refresh(user.refreshToken);
    expect(late.data?.refreshSession.refreshToken).toBe(tabA.data!.refreshSession.refreshToken);
    expect(await sessionRevoked(user.id)).toEqual([false]);
    expect((await refresh(tabA.data!.refreshSession.refreshToken)).errors).toEqual([]);
  });

  it('treats a token two trades back as reuse, even inside the grace period', async () => {
    const user = await registerUser(api.url, 'chain');
    const first = (await refresh(user.refreshToken)).data!.refreshSession;
    expect((await refresh(first.refreshToken)).errors).toEqual([]);
    expect(errorCodes(await refresh(user.refreshToken))).toEqual(['UNAUTHENTICATED']);
    expect(await sessionRevoked(user.id)).toEqual([true]);
  });

  it('stores only a hash of each refresh token, which is 256 random bits', async () => {
    const user = await registerUser(api.url, 'stored');
    expect(user.refreshToken).toMatch(/^[\w-]{43}$/);
    const traded = (await refresh(user.refreshToken)).data!.refreshSession.refreshToken;

    const { records } = await api.driver.executeQuery(
      `MATCH (:User {id: $userId})-[:HAS_SESSION]->(s:Session)
       OPTIONAL MATCH (s)-[:USED_REFRESH_TOKEN]->(used)
       RETURN properties(s) AS session, collect(properties(used)) AS used`,
      { userId: user.id },
    );
    const stored = JSON.stringify(records.map((record) => record.toObject()));
    expect(stored).toContain('refreshTokenHash');
    for (const token of [user.refreshToken, traded]) expect(stored).not.toContain(token);
  });

  it('does not take an access token as a refresh token, nor the other way round', async () => {
    const user = await registerUser(api.url, 'swap');
    expect(errorCodes(await refresh(user.accessToken))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await me(user.refreshToken))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await refresh('made-up-token'))).toEqual(['UNAUTHENTICATED']);
    expect((await refresh(user.refreshToken)).errors).toEqual([]);
  });

  it('keeps access tokens short: they expire after ACCESS_TOKEN_TTL, the session goes on', async () => {
    const user = await registerUser(api.url, 'short');
    clock.advanceSeconds(15 * 60 + 31); // past the TTL and the 30 s leeway
    expect(errorCodes(await me(user.accessToken))).toEqual(['UNAUTHENTICATED']);
    const renewed = (await refresh(user.refreshToken)).data!.refreshSession;
    expect((await me(renewed.accessToken)).data?.me.id).toBe(user.id);
  });

  it('ends a session left unused for the idle period (7 days)', async () => {
    const user = await registerUser(api.url, 'idle');
    const payload = (
      await graphql<{ login: AuthPayloadData }>(api.url, LOGIN, {
        input: { email: user.email, password: user.password },
      })
    ).data!.login;
    const expectedIdleEnd = clock.now().getTime() + 7 * DAY * 1000;
    expect(
      Math.abs(new Date(payload.refreshTokenExpiresAt).getTime() - expectedIdleEnd),
    ).toBeLessThan(5_000);

    clock.advanceSeconds(7 * DAY + 1);
    expect(errorCodes(await refresh(payload.refreshToken))).toEqual(['UNAUTHENTICATED']);
  });

  it('ends a session at its absolute lifetime (30 days), however often it is refreshed', async () => {
    const user = await registerUser(api.url, 'absolute');
    const absoluteEnd = clock.now().getTime() + 30 * DAY * 1000;
    let refreshToken = user.refreshToken;
    for (let day = 6; day <= 30; day += 6) {
      clock.advanceSeconds(6 * DAY);
      const response = await refresh(refreshToken);
      if (day < 30) {
        const pair = response.data!.refreshSession;
        refreshToken = pair.refreshToken;
        expect(new Date(pair.refreshTokenExpiresAt).getTime()).toBeLessThanOrEqual(absoluteEnd);
        expect(new Date(pair.accessTokenExpiresAt).getTime()).toBeLessThanOrEqual(absoluteEnd);
      } else {
        expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
      }
    }
  });
});
