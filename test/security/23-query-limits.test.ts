import { describe, expect, it } from 'vitest';
import { ME, registerUser } from '../support/accounts.js';
import { errorCodes, graphql } from '../support/graphql.js';
import { useTestApi } from '../support/testApi.js';

const api = useTestApi();

const messages = (response: { errors: { message: string }[] }) =>
  response.errors.map((error) => error.message).join('\n');

describe('SECURITY 23: depth, aliases, tokens, cost and body size are capped', () => {
  it('refuses a query nested deeper than 10', async () => {
    const deep = Array.from({ length: 12 }, (_, index) => `f${index} {`).join(' ');
    const response = await graphql(api().url, `{ ${deep} id ${'}'.repeat(12)} }`);
    expect(errorCodes(response)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(messages(response)).toMatch(/depth limit/i);
  });

  it('refuses more than 15 aliases', async () => {
    const aliases = Array.from({ length: 16 }, (_, index) => `a${index}: me { id }`).join(' ');
    const response = await graphql(api().url, `{ ${aliases} }`);
    expect(errorCodes(response)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(messages(response)).toMatch(/aliases/i);
  });

  it('refuses a document of more than 2000 tokens while parsing', async () => {
    const response = await graphql(api().url, `{ ${'__typename '.repeat(2100)} }`);
    expect(errorCodes(response)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(messages(response)).toMatch(/tokens/);
  });

  it('refuses a query whose cost is over 1000', async () => {
    const user = await registerUser(api().url, 'costly');
    const connection = `usersConnection {
      totalCount
      edges { cursor node { id email emailVerified name company createdAt updatedAt } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      aggregate {
        count { nodes }
        node {
          email { shortest longest }
          name { shortest longest }
          company { shortest longest }
          createdAt { min max }
          updatedAt { min max }
        }
      }
    }`;
    const fields = Array.from({ length: 15 }, (_, index) => `c${index}: ${connection}`).join(' ');
    const response = await graphql(api().url, `{ ${fields} }`, {}, user.accessToken);
    expect(errorCodes(response)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(messages(response)).toMatch(/cost/i);
  });

  it('refuses a filter in variables too large to plan quickly', async () => {
    const user = await registerUser(api().url, 'big-filter');
    const where = {
      OR: Array.from({ length: 200 }, (_, index) => ({ name: { contains: `x${index}` } })),
    };
    const response = await graphql(
      api().url,
      'query($w: UserWhere) { users(where: $w) { id } }',
      { w: where },
      user.accessToken,
    );
    expect(response.errors[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: { where: 'TOO_COMPLEX' },
    });
  });

  it('answers a body over 100 kB with 413 and a JSON error', async () => {
    const response = await graphql<{ me: unknown }>(api().url, ME, {
      padding: 'x'.repeat(200_000),
    });
    expect(response.status).toBe(413);
    expect(errorCodes(response)).toEqual(['BAD_REQUEST']);
  });

  it('lets the API own operations through', async () => {
    const user = await registerUser(api().url, 'ordinary');
    const response = await graphql(
      api().url,
      '{ me { id } sessions { id current } usersConnection { totalCount } }',
      {},
      user.accessToken,
    );
    expect(response.errors).toEqual([]);
  });
});
