import { describe, expect, it } from 'vitest';
import { LOGIN, ME } from '../support/accounts.js';
import { errorCodes, graphql } from '../support/graphql.js';
import { useTestApi } from '../support/testApi.js';

const api = useTestApi({
  NODE_ENV: 'production',
  BCRYPT_COST: '10',
  SMTP_URL: 'smtp://127.0.0.1:2525',
});

describe('SECURITY 24: in production, no introspection, suggestions or stack traces', () => {
  it('turns introspection off', async () => {
    const response = await graphql(api().url, '{ __schema { types { name } } }');
    expect(errorCodes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(response.text).not.toMatch(/"User"|AuthPayload/);
  });

  it('sends no stack traces', async () => {
    const response = await graphql(api().url, ME);
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.text).not.toMatch(/stacktrace|at .*\.(js|ts):\d+/);

    const notJson = await fetch(api().url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(await notJson.text()).not.toMatch(/at .*\.js|SyntaxError/);
  });

  it('gives no "Did you mean" hints that would reveal the schema', async () => {
    const response = await graphql(api().url, 'mutation { logi }');
    expect(errorCodes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(response.text).not.toMatch(/did you mean|login/i);
  });

  it('hides suggestions for a mistyped input field too, without repeating the input', async () => {
    const secret = 'lantern orbit meadow production';
    const response = await graphql(api().url, LOGIN, {
      input: { email: 'x@example.com', password: secret, pasword: 'x' },
    });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.text).not.toContain(secret);
    expect(response.errors[0]!.message).toBe(
      'Variable "$input" got an invalid value; ' +
        'Field "pasword" is not defined by type "LoginInput".',
    );
  });
});
