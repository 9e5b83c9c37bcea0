// Two API instances on one Neo4j and one Redis, as behind a load balancer: what one instance
// learns (a lock, a logout, a new account) holds on the other at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGOUT, ME, login, registerUser } from './support/accounts.js';
import { errorCodes, graphql } from './support/graphql.js';
import { startRedisServer, type RedisServer } from './support/redisServer.js';
import { startTestApi, type TestApi } from './support/testApi.js';

const WRONG = 'not the right password at all';
let redis: RedisServer;
let first: TestApi;
let second: TestApi;

beforeAll(async () => {
  redis = await startRedisServer();
  const environment = { REDIS_URL: redis.url, RATE_LIMIT_LOGIN_ACCOUNT: '3/15m' };
  [first, second] = await Promise.all([startTestApi(environment), startTestApi(environment)]);
});
afterAll(async () => {
  await Promise.all([first?.close(), second?.close()]);
  await redis?.stop();
});

describe('several instances', () => {
  it('lets a user registered on one instance log in on the other at once', async () => {
    const user = await registerUser(first.url, 'roaming');
    const response = await login(second.url, user.email, user.password);
    expect(response.errors).toEqual([]);
  });

  it('refuses on one instance a token logged out on the other', async () => {
    const user = await registerUser(first.url, 'logout-elsewhere');
    const me = (url: string) => graphql(url, ME, {}, user.accessToken);
    expect((await me(second.url)).errors).toEqual([]);

    await graphql(first.url, LOGOUT, {}, user.accessToken);
    expect(errorCodes(await me(second.url))).toEqual(['UNAUTHENTICATED']);
  });

  it('holds a lock reached through one instance on the other', async () => {
    const user = await registerUser(first.url, 'locked-everywhere');
    for (let attempt = 0; attempt < 3; attempt += 1) await login(first.url, user.email, WRONG);
    const response = await login(second.url, user.email, user.password);
    expect(errorCodes(response)).toEqual(['RATE_LIMITED']);
  });

  it('keeps limiting in memory while Redis is down', async () => {
    const user = await registerUser(first.url, 'redis-down');
    await redis.stop();
    const codes = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      codes.push(errorCodes(await login(first.url, user.email, WRONG))[0]);
    }
    expect(codes).toEqual([
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'RATE_LIMITED',
    ]);
    const warned = () =>
      first.logs.some((line) => String(line.msg).startsWith('Redis unavailable'));
    for (let waited = 0; !warned() && waited < 10_000; waited += 200) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(warned()).toBe(true);
  });
});
