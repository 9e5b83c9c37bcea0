import { describe, expect, it } from 'vitest';
import {
  CHANGE_PASSWORD,
  LOGIN,
  login,
  REFRESH,
  register,
  registerUser,
  strongPassword,
  validRegistration,
} from '../support/accounts.js';
import { errorCodes, graphql } from '../support/graphql.js';
import { useTestApi } from '../support/testApi.js';

const api = useTestApi();

describe('SECURITY 7: no password, hash, token or pepper in any log line, error or response', () => {
  it('never echoes the password back', async () => {
    const input = validRegistration();
    const response = await register(api().url, input);
    expect(response.errors).toEqual([]);
    expect(response.text).not.toContain(input.password);
    expect(api().rawLogs.join('')).not.toContain(input.password);
  });

  it('sends no password back from login or a password change, and keeps the hash out', async () => {
    const user = await registerUser(api().url, 'quiet');
    const signedIn = await login(api().url, user.email, user.password);
    const newPassword = strongPassword();
    const changed = await graphql(
      api().url,
      CHANGE_PASSWORD,
      { input: { currentPassword: user.password, newPassword } },
      user.accessToken,
    );
    const { records } = await api().driver.executeQuery(
      'MATCH (u:User {id: $id}) RETURN u.passwordHash AS hash',
      { id: user.id },
    );
    const hash = records[0]!.get('hash') as string;
    for (const text of [signedIn.text, changed.text]) {
      for (const secret of [user.password, newPassword, hash, api().config.passwords.pepper]) {
        expect(text).not.toContain(secret);
      }
    }
    expect(api().rawLogs.join('')).not.toContain(api().config.passwords.pepper);
  });

  it('answers a body that is not JSON with a JSON error, and logs no part of it', async () => {
    const password = 'lantern orbit meadow secret';
    const body = `{"query":"mutation { login(input: {email: \\"x@example.com\\", password: \\"${password}\\"}) { accessToken } }",}`;
    const response = await fetch(api().url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      errors: [
        { message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } },
      ],
    });
    expect(api().rawLogs.join('')).not.toContain(password);
  });

  it('never logs the query string of a request, where a GET could carry a password', async () => {
    const password = 'lantern orbit meadow in url';
    const query = `mutation { login(input: {email: "x@example.com", password: "${password}"}) { accessToken } }`;
    const url = new URL(api().url);
    url.searchParams.set('query', query);
    const response = await fetch(url, { headers: { 'apollo-require-preflight': '1' } });
    expect(response.status).toBe(405);
    expect(api().rawLogs.join('')).not.toContain(encodeURIComponent(password).slice(0, 12));
    expect(api().rawLogs.join('')).not.toContain('lantern');
  });

  it('does not repeat a wrongly shaped variable, password included, in the error', async () => {
    const password = 'lantern orbit meadow shape';
    const response = await graphql<{ login: unknown }>(api().url, LOGIN, {
      input: { email: 42, password },
    });
    expect(errorCodes(response)[0]).toBe('BAD_USER_INPUT');
    expect(response.text).not.toContain(password);
    expect(response.errors[0]!.message).toMatch(
      /^Variable "\$input" got an invalid value at "input.email"; /,
    );
  });

  it('does not repeat a password or token of the wrong type, which the reason quotes', async () => {
    const secret = 'lantern orbit meadow typed';
    const email = 'x@example.com';
    const responses = [
      await graphql<{ login: unknown }>(api().url, LOGIN, { input: { email, password: [secret] } }),
      await graphql<{ login: unknown }>(api().url, LOGIN, {
        input: { email, password: { secret } },
      }),
      await graphql<{ refreshSession: unknown }>(api().url, REFRESH, { refreshToken: { secret } }),
    ];
    for (const response of responses) {
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.text).not.toContain(secret);
      expect(response.errors[0]!.message).toMatch(/^Variable "\$\w+" got an invalid value/);
    }
    expect(api().rawLogs.join('')).not.toContain(secret);
  });

  it('does not repeat a password written into the query as a wrong-typed literal', async () => {
    const secret = 'hunter2hunter2secret';
    for (const literal of [secret, `["${secret}"]`, `{ x: "${secret}" }`, '42']) {
      const response = await graphql(
        api().url,
        `mutation { login(input: { email: "x@y.co", password: ${literal} }) { __typename } }`,
      );
      expect(errorCodes(response), literal).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(response.text, literal).not.toContain(secret);
      expect(response.errors[0]!.message).toMatch(
        /^(Expected a value of type "String!"|String cannot represent a non string value\.$)/,
      );
    }
    expect(api().rawLogs.join('')).not.toContain(secret);
  });

  it('names an unknown input field without repeating the other fields', async () => {
    const secret = 'lantern orbit meadow typo';
    const response = await graphql(api().url, LOGIN, {
      input: { email: 'x@example.com', password: secret, pasword: 'x' },
    });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.text).not.toContain(secret);
    expect(response.errors[0]!.message).toBe(
      'Variable "$input" got an invalid value; ' +
        'Field "pasword" is not defined by type "LoginInput". Did you mean "password"?',
    );
  });
});
