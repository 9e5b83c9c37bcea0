import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN, registerUser, uniqueEmail } from './support/accounts.js';
import { errorCodes, graphql } from './support/graphql.js';
import { startTestApi, type TestApi } from './support/testApi.js';

describe('request errors', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('keeps GraphQL parse and validation errors with their codes', async () => {
    expect(errorCodes(await graphql(api.url, '{ me { id '))).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(errorCodes(await graphql(api.url, '{ me { password } }'))).toEqual([
      'GRAPHQL_VALIDATION_FAILED',
    ]);
  });

  it('reports wrongly typed variables as BAD_USER_INPUT', async () => {
    const response = await graphql<{ login: unknown }>(api.url, LOGIN, { input: { email: 42 } });
    expect(response.errors.length).toBeGreaterThan(0);
    expect(new Set(errorCodes(response))).toEqual(new Set(['BAD_USER_INPUT']));
    expect(response.data).toBeUndefined();
  });

  it('refuses a DateTime that is not a real ISO-8601 date, literal or variable', async () => {
    const user = await registerUser(api.url, 'dates');
    const ask = (query: string, variables = {}) =>
      graphql(api.url, query, variables, user.accessToken);

    for (const bad of [
      'not a date',
      '2020-02-30T00:00:00Z',
      '2021-13-01',
      'tomorrow',
      '2020-01-01T00:00:00+18:30', // Neo4j takes offsets up to 18:00
    ]) {
      const literal = await ask(`{ users(where: { createdAt: { lt: "${bad}" } }) { id } }`);
      expect(errorCodes(literal), bad).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      const nested = await ask(
        `{ users(where: { sessions: { some: { expiresAt: { gt: "${bad}" } } } }) { id } }`,
      );
      expect(errorCodes(nested), bad).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      const variable = await ask(
        'query($at: DateTime!) { users(where: { createdAt: { lt: $at } }) { id } }',
        { at: bad },
      );
      expect(errorCodes(variable), bad).toEqual(['BAD_USER_INPUT']);
    }
    for (const good of [
      '2999-01-01T00:00:00Z',
      '2999-01-01',
      '2999-01-01T10:00:00.123+02:00',
      '2999-01-01T00:00:00-18:00',
    ]) {
      const found = await ask(`{ users(where: { createdAt: { lt: "${good}" } }) { id } }`);
      expect(found.errors, good).toEqual([]);
      expect(found.data).toEqual({ users: [{ id: user.id }] });
    }
  });

  it('refuses a null where a filter expects a value, but keeps eq: null', async () => {
    const user = await registerUser(api.url, 'nulls');
    const ask = (query: string, variables = {}) =>
      graphql(api.url, query, variables, user.accessToken);
    for (const query of [
      '{ users(where: { name: null }) { id } }',
      '{ usersConnection(where: { createdAt: null }) { totalCount } }',
      '{ users(where: { sessions: { some: { id: null } } }) { id } }',
      'mutation { updateUsers(where: { email: null }, update: {}) { users { id } } }',
    ]) {
      const response = await ask(query);
      expect(errorCodes(response), query).toEqual(['BAD_USER_INPUT']);
      expect(response.errors[0]!.extensions!.fields, query).toEqual({ where: 'INVALID_FILTER' });
    }
    const variable = await ask('query($w: UserWhere) { users(where: $w) { id } }', {
      w: { company: null },
    });
    expect(errorCodes(variable)).toEqual(['BAD_USER_INPUT']);
    const eqNull = await ask('{ users(where: { updatedAt: { eq: null } }) { id } }');
    expect(eqNull.errors).toEqual([]);
    expect(eqNull.data).toEqual({ users: [{ id: user.id }] });
  });

  it('refuses variables nested thousands of levels deep, signed in or not', async () => {
    const DEEP_QUERY = 'query($w: UserWhere) { users(where: $w) { id } }';
    // Written out by hand: JSON.stringify itself recurses once per level.
    const where = `${'{"NOT":'.repeat(6000)}{"name":{"eq":"x"}}${'}'.repeat(6000)}`;
    const response = await fetch(api.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
      },
      body: `{"query":${JSON.stringify(DEEP_QUERY)},"variables":{"w":${where}}}`,
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors.map((error) => error.extensions.code)).toEqual(['BAD_USER_INPUT']);

    let shallow: Record<string, unknown> = { name: { eq: 'x' } };
    for (let level = 0; level < 200; level += 1) shallow = { NOT: shallow };
    const user = await registerUser(api.url, 'deep');
    const capped = await graphql(
      api.url,
      'query($w: UserWhere) { users(where: $w) { id } }',
      { w: { AND: [shallow] } },
      user.accessToken,
    );
    expect(errorCodes(capped)).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses a subscription as a validation error: the API has none', async () => {
    const response = await graphql(api.url, 'subscription { __typename }');
    expect(errorCodes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(response.errors[0]!.message).toBe('This API has no subscriptions.');
  });

  it('refuses negative limits and foreign cursors as BAD_USER_INPUT', async () => {
    const user = await registerUser(api.url, 'paging');
    const ask = (query: string) => graphql(api.url, query, {}, user.accessToken);

    const limit = await ask('{ users(limit: -1, offset: -2) { id } }');
    expect(limit.errors[0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: { limit: 'OUT_OF_RANGE', offset: 'OUT_OF_RANGE' },
    });
    const first = await ask('{ usersConnection(first: -1) { totalCount } }');
    expect(first.errors[0]!.extensions!.fields).toEqual({ first: 'OUT_OF_RANGE' });
    for (const zero of [
      '{ users(limit: 0) { id } }',
      '{ usersConnection(first: 0) { totalCount } }',
    ]) {
      expect(errorCodes(await ask(zero))).toEqual(['BAD_USER_INPUT']);
    }
    expect((await ask('{ users(offset: 0) { id } }')).errors).toEqual([]);

    const valid = Buffer.from('arrayconnection:0').toString('base64');
    for (const cursor of [
      'nonsense',
      Buffer.from('arrayconnection:-5').toString('base64'),
      valid.replace(/=+$/, ''), // unpadded: decodes the same, but is not ours
      ` ${valid}`,
    ]) {
      const after = await ask(`{ usersConnection(first: 1, after: "${cursor}") { totalCount } }`);
      expect(after.errors[0]!.extensions!.fields).toEqual({ after: 'INVALID_CURSOR' });
    }
    const page = await ask(`{ usersConnection(first: 1, after: "${valid}") { totalCount } }`);
    expect(page.errors).toEqual([]);
  });

  it('answers a body that does not decode as its Content-Encoding says: BAD_REQUEST', async () => {
    for (const [encoding, status] of [
      ['gzip', 400],
      ['deflate', 400],
      ['br', 400],
      ['compress', 415],
    ] as const) {
      const response = await fetch(api.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        body: '{"query":"{ __typename }"}',
      });
      expect(response.status, encoding).toBe(status);
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code, encoding).toBe('BAD_REQUEST');
    }
    const gzipped = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync('{"query":"{ __typename }"}'),
    });
    expect(await gzipped.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers GET /health with 200 {"status":"ok"} while Neo4j is reachable', async () => {
    const response = await fetch(new URL('/health', api.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('internal errors', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
    // Without its connection to Neo4j, every database call of the API fails.
    await api.driver.close();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('reach the client as a generic message with the request id, and the log keeps the details', async () => {
    const response = await graphql(api.url, LOGIN, {
      input: { email: uniqueEmail(), password: 'whatever it is here' },
    });
    expect(errorCodes(response)).toEqual(['INTERNAL_SERVER_ERROR']);

    const [error] = response.errors;
    const requestId = response.headers.get('x-request-id');
    expect(error!.message).toBe('Something went wrong on our side.');
    expect(error!.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId });
    expect(response.text).not.toMatch(/neo4j|driver|stack|at .*\.js/i);

    const logged = api.logs.find((line) => line.msg === 'internal error');
    expect((logged?.req as { id: string }).id).toBe(requestId);
    expect(JSON.stringify(logged?.err)).toMatch(/closed/i);
  });

  it('turn /health to 503', async () => {
    const response = await fetch(new URL('/health', api.url));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'unavailable' });
  });
});

describe('other paths', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answer 404 with JSON that points to /graphql', async () => {
    const response = await fetch(new URL('/nothing-here', api.url));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: 'Not found. The GraphQL endpoint is /graphql.',
    });
  });
});
