import { describe, expect, it } from 'vitest';
import { login, registerUser } from '../support/accounts.js';
import { errorCodes, graphql } from '../support/graphql.js';
import { useTestApi } from '../support/testApi.js';

const api = useTestApi();

const loginField = (alias: string, email: string, password: string) =>
  `${alias}: login(input: { email: "${email}", password: "${password}" }) { accessToken }`;

function passwordChecks(email: string): number {
  return api().logs.filter((line) => line.event === 'login' && JSON.stringify(line).includes(email))
    .length;
}

describe('SECURITY 22: one request cannot try many passwords', () => {
  it('refuses fifty aliased logins in one operation before any runs', async () => {
    const user = await registerUser(api().url, 'aliases');
    const guesses = Array.from({ length: 50 }, (_, index) =>
      loginField(`g${index}`, user.email, `guess number ${index} here`),
    );
    const response = await graphql(api().url, `mutation { ${guesses.join('\n')} }`);

    expect(response.data).toBeUndefined();
    expect(errorCodes(response)).toContain('GRAPHQL_VALIDATION_FAILED');
    const logins = api().logs.filter((line) => line.event === 'login' && line.userId === user.id);
    expect(logins).toEqual([]);
  });

  it('refuses two aliased logins, well under the alias limit, by the one-check rule', async () => {
    const user = await registerUser(api().url, 'two');
    const guesses = [0, 1].map((index) =>
      loginField(`g${index}`, user.email, `guess ${index} here`),
    );
    const response = await graphql(api().url, `mutation { ${guesses.join('\n')} }`);

    expect(response.data).toBeUndefined();
    expect(response.errors.map((error) => error.message)).toContain(
      'An operation may check a password only once; this one holds 2 such fields.',
    );
    expect(passwordChecks(user.email)).toBe(0);
  });

  it('counts credential checks in fragments and across different fields', async () => {
    const user = await registerUser(api().url, 'mixed');
    const query = `
      mutation {
        ...Guess
        changePassword(input: { currentPassword: "one guess here", newPassword: "another passphrase" }) { accessToken }
      }
      fragment Guess on Mutation { ${loginField('first', user.email, 'a first guess here')} }
    `;
    const response = await graphql(api().url, query, {}, user.accessToken);
    expect(errorCodes(response)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors.map((error) => error.message).join()).toMatch(
      /check a password only once/,
    );
    expect(passwordChecks(user.email)).toBe(0);
  });

  it('refuses other fields beside one that answers with new tokens', async () => {
    const user = await registerUser(api().url, 'alone');
    const newPassword = 'violet harbor candle drift';
    const input = `{ currentPassword: "${user.password}", newPassword: "${newPassword}" }`;
    const change = `changePassword(input: ${input}) { accessToken }`;
    for (const query of [
      `mutation { ${change} updateUsers(update: { name: { set: "" } }) { users { name } } }`,
      `mutation { logout ${change} }`,
      `mutation { ...Change } fragment Change on Mutation { ${change} requestEmailVerification }`,
    ]) {
      const response = await graphql(api().url, query, {}, user.accessToken);
      expect(response.errors.map((error) => error.message)).toEqual([
        '`changePassword` answers with new tokens and must be the only field of its operation.',
      ]);
    }
    expect((await login(api().url, user.email, user.password)).errors).toEqual([]);
    const alone = await graphql(
      api().url,
      `mutation { __typename ${change} }`,
      {},
      user.accessToken,
    );
    expect(alone.errors).toEqual([]);
  });

  it('refuses a JSON array of operations', async () => {
    const user = await registerUser(api().url, 'batch');
    const body = Array.from({ length: 5 }, (_, index) => ({
      query: `mutation { ${loginField('one', user.email, `batched guess ${index}`)} }`,
    }));
    const response = await fetch(api().url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    const logins = api().logs.filter((line) => line.event === 'login' && line.userId === user.id);
    expect(logins).toEqual([]);
  });

  it('still runs an operation with one login', async () => {
    const user = await registerUser(api().url, 'single');
    const response = await graphql(
      api().url,
      `mutation { ${loginField('only', user.email, user.password)} }`,
    );
    expect(response.errors).toEqual([]);
  });
});
