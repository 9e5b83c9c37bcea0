import { describe, expect, it } from 'vitest';
import { login, registerUser } from './support/accounts.js';
import { errorCodes } from './support/graphql.js';
import { useTestApi } from './support/testApi.js';

const api = useTestApi();

describe('login', () => {
  it('signs in with the email in any case and with spaces around it', async () => {
    const user = await registerUser(api().url, 'login');
    for (const email of [user.email, user.email.toUpperCase(), `  ${user.email} `]) {
      const response = await login(api().url, email, user.password);
      expect(response.errors).toEqual([]);
      expect(response.data?.login.user.id).toBe(user.id);
    }
  });

  it('refuses blank fields with BAD_USER_INPUT', async () => {
    const response = await login(api().url, ' ', '');
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors[0]!.extensions!.fields).toEqual({
      email: 'REQUIRED',
      password: 'REQUIRED',
    });
  });

  it('refuses an email longer than any account can have, before any password check', async () => {
    const response = await login(api().url, `${'x'.repeat(95_000)}@example.com`, 'some password');
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors[0]!.extensions!.fields).toEqual({ email: 'TOO_LONG' });
  });
});
