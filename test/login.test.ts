import bcrypt from 'bcryptjs';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LOGIN,
  ME,
  REGISTER,
  registerUser,
  uniqueEmail,
  type AuthPayloadData,
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

type LoginData = { login: AuthPayloadData };

function login(email: string, password: string, url = api.url) {
  return graphql<LoginData>(url, LOGIN, { input: { email, password } });
}

async function storedHash(userId: string): Promise<string> {
  const { records } = await api.driver.executeQuery(
    'MATCH (u:User {id: $userId}) RETURN u.passwordHash AS hash',
    {
      userId,
    },
  );
  return records[0]!.get('hash') as string;
}

describe('login', () => {
  it('signs in with the email in any case and with spaces around it', async () => {
    const user = await registerUser(api.url, 'login');
    for (const email of [user.email, user.email.toUpperCase(), `  ${user.email} `]) {
      const response = await login(email, user.password);
      expect(response.errors).toEqual([]);
      expect(response.data?.login.user.id).toBe(user.id);
    }
  });

  it('starts a new session each time, and each token works on its own', async () => {
    const user = await registerUser(api.url, 'sessions');
    const first = (await login(user.email, user.password)).data!.login.accessToken;
    const second = (await login(user.email, user.password)).data!.login.accessToken;

    const sessionOf = (token: string) => (jwt.decode(token) as { sid: string }).sid;
    expect(new Set([sessionOf(user.accessToken), sessionOf(first), sessionOf(second)]).size).toBe(
      3,
    );
    for (const token of [user.accessToken, first, second]) {
      const me = await graphql<{ me: { id: string } }>(api.url, ME, {}, token);
      expect(me.data?.me.id).toBe(user.id);
    }
  });

  it('answers an unknown email and a wrong password alike', async () => {
    const user = await registerUser(api.url, 'alike');
    const wrongPassword = await login(user.email, `${user.password}!`);
    const unknownEmail = await login(uniqueEmail('nobody'), user.password);

    expect(errorCodes(wrongPassword)).toEqual(['INVALID_CREDENTIALS']);
    expect(errorCodes(unknownEmail)).toEqual(['INVALID_CREDENTIALS']);
    expect(unknownEmail.status).toBe(wrongPassword.status);
    expect(unknownEmail.errors[0]!.message).toBe(wrongPassword.errors[0]!.message);
    expect(unknownEmail.errors[0]!.extensions).toEqual(wrongPassword.errors[0]!.extensions);
  });

  it('refuses blank fields with BAD_USER_INPUT', async () => {
    const response = await login(' ', '');
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors[0]!.extensions!.fields).toEqual({
      email: 'REQUIRED',
      password: 'REQUIRED',
    });
  });

  it('lets every character count: passwords that differ after byte 72 are different', async () => {
    const prefix = 'é'.repeat(40); // 80 bytes of UTF-8, past bcrypt's 72
    const password = `${prefix} first ending`;
    const email = uniqueEmail('long');
    const input = { name: 'Long Password', email, company: 'Bytes Inc', password };
    expect((await graphql(api.url, REGISTER, { input })).errors).toEqual([]);

    expect(errorCodes(await login(email, `${prefix} other ending`))).toEqual([
      'INVALID_CREDENTIALS',
    ]);
    expect((await login(email, password)).errors).toEqual([]);
  });

  it('normalises the password the same way on login as on registration (NFKC)', async () => {
    const composed = 'caf\u00e9 au lait sur la terrasse';
    const decomposed = composed.normalize('NFD');
    const email = uniqueEmail('nfkc-password');
    const input = { name: 'Nora', email, company: 'Cafe Society', password: composed };
    expect((await graphql(api.url, REGISTER, { input })).errors).toEqual([]);
    expect((await login(email, decomposed)).errors).toEqual([]);
  });
});

describe('stored password hashes', () => {
  it('uses BCRYPT_COST and never stores the password itself', async () => {
    const user = await registerUser(api.url, 'cost');
    const hash = await storedHash(user.id);
    expect(bcrypt.getRounds(hash)).toBe(4);
    expect(hash).not.toContain(user.password);
  });

  it('upgrades a hash made at a lower cost on the next successful login', async () => {
    const user = await registerUser(api.url, 'upgrade');
    const stronger = await startTestApi({ BCRYPT_COST: '6' });
    try {
      expect(errorCodes(await login(user.email, 'a wrong password here', stronger.url))).toEqual([
        'INVALID_CREDENTIALS',
      ]);
      expect(bcrypt.getRounds(await storedHash(user.id))).toBe(4);

      expect((await login(user.email, user.password, stronger.url)).errors).toEqual([]);
      expect(bcrypt.getRounds(await storedHash(user.id))).toBe(6);
      expect((await login(user.email, user.password)).errors).toEqual([]);
    } finally {
      await stronger.close();
    }
  });
});

describe('authentication log', () => {
  it('logs register, login success and failure and logout as one line each, without secrets', async () => {
    const user = await registerUser(api.url, 'audit');
    const signedIn = (await login(user.email, user.password)).data!.login;
    await login(user.email, 'not the right password at all');
    await graphql(api.url, 'mutation { logout }', {}, signedIn.accessToken);

    const events = api.logs.filter((line) => line.userId === user.id);
    expect(events.map((line) => `${String(line.event)}:${String(line.outcome)}`)).toEqual([
      'register:success',
      'login:success',
      'login:failure',
      'logout:success',
    ]);
    for (const line of events) expect((line.req as { id?: string }).id).toMatch(/^[0-9a-f-]{36}$/);

    const everything = api.rawLogs.join('');
    for (const secret of [user.password, user.accessToken, signedIn.accessToken, user.email]) {
      expect(everything).not.toContain(secret);
    }
  });
});
