import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LOGIN,
  ME,
  REFRESH,
  registerUser,
  type AuthPayloadData,
  type RegisteredUser,
} from './support/accounts.js';
import { errorCodes, graphql } from './support/graphql.js';
import { startTestApi, type TestApi } from './support/testApi.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

const SESSIONS = /* GraphQL */ `
  query Sessions {
    sessions {
      id
      createdAt
      lastUsedAt
      expiresAt
      userAgent
      current
    }
  }
`;

interface SessionData {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  userAgent: string | null;
  current: boolean;
}

/** Logs the user in once more, as another device with its own User-Agent. */
async function loginFrom(user: RegisteredUser, userAgent: string): Promise<AuthPayloadData> {
  const response = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': userAgent },
    body: JSON.stringify({
      query: print(LOGIN),
      variables: { input: { email: user.email, password: user.password } },
    }),
  });
  const body = (await response.json()) as { data: { login: AuthPayloadData } };
  return body.data.login;
}

const sessionsOf = async (accessToken: string) =>
  (await graphql<{ sessions: SessionData[] }>(api.url, SESSIONS, {}, accessToken)).data!.sessions;
const me = (accessToken: string) => graphql<{ me: { id: string } }>(api.url, ME, {}, accessToken);

describe('sessions', () => {
  it("lists the caller's own live sessions, marking the current one", async () => {
    const user = await registerUser(api.url, 'list');
    const phone = await loginFrom(user, 'PhoneBrowser/1.0');
    await registerUser(api.url, 'someone-else');

    const listed = await sessionsOf(phone.accessToken);
    expect(listed).toHaveLength(2);
    const current = listed.find((session) => session.current)!;
    expect(current.userAgent).toBe('PhoneBrowser/1.0');
    expect(listed.filter((session) => session.current)).toHaveLength(1);
    for (const session of listed) {
      expect(new Date(session.expiresAt).getTime()).toBeGreaterThan(Date.now());
      expect(new Date(session.lastUsedAt).getTime()).toBeGreaterThanOrEqual(
        new Date(session.createdAt).getTime(),
      );
    }
    expect((await sessionsOf(user.accessToken)).find((session) => session.current)?.id).not.toBe(
      current.id,
    );
  });

  it('needs a signed-in caller', async () => {
    expect(errorCodes(await graphql(api.url, SESSIONS))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('revokeSession', () => {
  it('ends one of the caller own sessions: its tokens stop working, the others go on', async () => {
    const user = await registerUser(api.url, 'revoke');
    const laptop = await loginFrom(user, 'Laptop/2.0');
    const laptopSession = (await sessionsOf(laptop.accessToken)).find(
      (session) => session.current,
    )!;

    const response = await graphql<{ revokeSession: boolean }>(
      api.url,
      'mutation($id: ID!) { revokeSession(id: $id) }',
      { id: laptopSession.id },
      user.accessToken,
    );
    expect(response.data?.revokeSession).toBe(true);
    expect(errorCodes(await me(laptop.accessToken))).toEqual(['UNAUTHENTICATED']);
    expect(
      errorCodes(await graphql(api.url, REFRESH, { refreshToken: laptop.refreshToken })),
    ).toEqual(['UNAUTHENTICATED']);
    expect((await me(user.accessToken)).data?.me.id).toBe(user.id);
  });

  it("refuses another user's session id and changes nothing", async () => {
    const owner = await registerUser(api.url, 'owner');
    const intruder = await registerUser(api.url, 'intruder');
    const [ownerSession] = await sessionsOf(owner.accessToken);

    const response = await graphql(
      api.url,
      'mutation($id: ID!) { revokeSession(id: $id) }',
      { id: ownerSession!.id },
      intruder.accessToken,
    );
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    expect((await me(owner.accessToken)).data?.me.id).toBe(owner.id);
    expect(await sessionsOf(owner.accessToken)).toHaveLength(1);
  });
});

describe('logoutEverywhere', () => {
  it('ends every session of the caller, this one included, and says how many', async () => {
    const user = await registerUser(api.url, 'everywhere');
    const tablet = await loginFrom(user, 'Tablet/3.0');
    const other = await registerUser(api.url, 'bystander');

    const response = await graphql<{ logoutEverywhere: number }>(
      api.url,
      'mutation { logoutEverywhere }',
      {},
      tablet.accessToken,
    );
    expect(response.data?.logoutEverywhere).toBe(2);
    for (const token of [user.accessToken, tablet.accessToken]) {
      expect(errorCodes(await me(token))).toEqual(['UNAUTHENTICATED']);
    }
    expect(
      errorCodes(await graphql(api.url, REFRESH, { refreshToken: user.refreshToken })),
    ).toEqual(['UNAUTHENTICATED']);
    expect((await me(other.accessToken)).data?.me.id).toBe(other.id);
  });
});
