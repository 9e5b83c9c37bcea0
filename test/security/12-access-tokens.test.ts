import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ME, registerUser, type RegisteredUser } from '../support/accounts.js';
import { errorCodes, graphql } from '../support/graphql.js';
import { startTestApi, TEST_JWT_SECRET, type TestApi } from '../support/testApi.js';

let api: TestApi;
let user: RegisteredUser;
beforeAll(async () => {
  api = await startTestApi();
  user = await registerUser(api.url, 'tokens');
});
afterAll(async () => {
  await api?.close();
});

const me = (token?: string) => graphql<{ me: { id: string } }>(api.url, ME, {}, token);

function claimsOf(token: string): Record<string, unknown> {
  return jwt.decode(token) as Record<string, unknown>;
}

/** Signs claims the way an attacker who knows the format (but not always the key) would. */
function forge(
  claims: Record<string, unknown>,
  options: jwt.SignOptions = {},
  secret = TEST_JWT_SECRET,
) {
  return jwt.sign(claims, secret, { algorithm: 'HS256', ...options });
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('SECURITY 12: access tokens are HS256, with exp, iat, iss, aud, sub, sid and jti checked', () => {
  it('carry exp, iat, iss, aud, sub, sid and jti, signed with HS256', () => {
    const header = JSON.parse(
      Buffer.from(user.accessToken.split('.')[0]!, 'base64url').toString(),
    ) as object;
    expect(header).toMatchObject({ alg: 'HS256' });
    const claims = claimsOf(user.accessToken);
    expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'sid', 'sub']);
    expect(claims.sub).toBe(user.id);
    expect(claims.exp).toBe((claims.iat as number) + 15 * 60);
  });

  it('work as issued', async () => {
    expect((await me(user.accessToken)).data?.me.id).toBe(user.id);
  });

  const refused: [string, () => string][] = [
    [
      'a changed payload',
      () => {
        const [header, , signature] = user.accessToken.split('.');
        const payload = base64url({ ...claimsOf(user.accessToken), sub: randomUUID() });
        return `${header}.${payload}.${signature}`;
      },
    ],
    [
      'alg: none',
      () => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claimsOf(user.accessToken))}.`,
    ],
    [
      'another algorithm (HS512, same key)',
      () => {
        const { sub, sid, jti } = claimsOf(user.accessToken);
        return forge(
          { sub, sid, jti },
          { algorithm: 'HS512', expiresIn: 600, issuer: 'accounts-api', audience: 'accounts-api' },
        );
      },
    ],
    [
      'another key',
      () => {
        const { sub, sid, jti } = claimsOf(user.accessToken);
        return forge(
          { sub, sid, jti },
          { expiresIn: 600, issuer: 'accounts-api', audience: 'accounts-api' },
          'x'.repeat(64),
        );
      },
    ],
    [
      'an expired one, 45 s ago (the clock leeway is 30 s, at most 60 allowed)',
      () => {
        const { sub, sid, jti } = claimsOf(user.accessToken);
        const iat = Math.floor(Date.now() / 1000) - 3600;
        return forge(
          { sub, sid, jti, iat, exp: iat + 3600 - 45 },
          { issuer: 'accounts-api', audience: 'accounts-api' },
        );
      },
    ],
    [
      'an issue time in the future',
      () => {
        const { sub, sid, jti } = claimsOf(user.accessToken);
        const iat = Math.floor(Date.now() / 1000) + 3600;
        return forge(
          { sub, sid, jti, iat, exp: iat + 600 },
          { issuer: 'accounts-api', audience: 'accounts-api' },
        );
      },
    ],
    [
      'no exp',
      () => {
        const { sub, sid, jti } = claimsOf(user.accessToken);
        return forge({ sub, sid, jti }, { issuer: 'accounts-api', audience: 'accounts-api' });
      },
    ],
    [
      'a wrong audience',
      () => {
        const { sub, sid, jti } = claimsOf(user.accessToken);
        return forge(
          { sub, sid, jti },
          { expiresIn: 600, issuer: 'accounts-api', audience: 'another-api' },
        );
      },
    ],
    [
      'a wrong issuer',
      () => {
        const { sub, sid, jti } = claimsOf(user.accessToken);
        return forge(
          { sub, sid, jti },
          { expiresIn: 600, issuer: 'someone-else', audience: 'accounts-api' },
        );
      },
    ],
    [
      'no session id',
      () => {
        const { sub, jti } = claimsOf(user.accessToken);
        return forge(
          { sub, jti },
          { expiresIn: 600, issuer: 'accounts-api', audience: 'accounts-api' },
        );
      },
    ],
    [
      'a made-up session',
      () => {
        const { sub, jti } = claimsOf(user.accessToken);
        return forge(
          { sub, jti, sid: randomUUID() },
          { expiresIn: 600, issuer: 'accounts-api', audience: 'accounts-api' },
        );
      },
    ],
    ['garbage', () => 'not.a.token'],
  ];

  it.each(refused)('are refused with %s', async (_, makeToken) => {
    const response = await me(makeToken());
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.data).toBeNull();
  });

  it('are refused when forged with the right key but for another user', async () => {
    // Sanity check of the forging helper: a correctly forged token for a live session passes.
    const { sub, sid, jti } = claimsOf(user.accessToken);
    const good = forge(
      { sub, sid, jti },
      { expiresIn: 600, issuer: 'accounts-api', audience: 'accounts-api' },
    );
    expect((await me(good)).data?.me.id).toBe(user.id);

    const other = await registerUser(api.url, 'other');
    const mixed = forge(
      { sub: other.id, sid, jti },
      { expiresIn: 600, issuer: 'accounts-api', audience: 'accounts-api' },
    );
    expect(errorCodes(await me(mixed))).toEqual(['UNAUTHENTICATED']);
  });

  it('are read only from a Bearer authorization header', async () => {
    const response = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${user.accessToken}` },
      body: JSON.stringify({ query: print(ME) }),
    });
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
  });
});
