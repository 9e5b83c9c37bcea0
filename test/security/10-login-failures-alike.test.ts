// An unknown email must cost as much as a wrong password, or the response time tells which
// emails have accounts. With bcrypt at cost 10 a check takes about 80 ms, several times the rest
// of a login; without the dummy-hash check an unknown email would answer that much faster.
import { describe, expect, it } from 'vitest';
import { LOGIN, login, registerUser, uniqueEmail } from '../support/accounts.js';
import { errorCodes, graphql } from '../support/graphql.js';
import { useTestApi } from '../support/testApi.js';

const api = useTestApi({ BCRYPT_COST: '10' });

async function timedLogin(email: string, password: string): Promise<number> {
  const started = performance.now();
  const response = await graphql(api().url, LOGIN, { input: { email, password } });
  expect(errorCodes(response)).toEqual(['INVALID_CREDENTIALS']);
  return performance.now() - started;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('SECURITY 10: a login failure looks the same for an unknown email and a wrong password', () => {
  it('takes as long for an unknown email as for a wrong password', async () => {
    const user = await registerUser(api().url, 'timing');
    const wrongPassword: number[] = [];
    const unknownEmail: number[] = [];
    for (let round = 0; round < 9; round += 1) {
      wrongPassword.push(await timedLogin(user.email, `wrong ${user.password}`));
      unknownEmail.push(await timedLogin(uniqueEmail('unknown'), user.password));
    }

    const ratio = median(unknownEmail) / median(wrongPassword);
    console.log(
      `login failure, median ms: wrong password ${median(wrongPassword).toFixed(1)}, ` +
        `unknown email ${median(unknownEmail).toFixed(1)} (ratio ${ratio.toFixed(2)})`,
    );
    expect(ratio).toBeGreaterThan(0.7);
    expect(ratio).toBeLessThan(1.4);
  });

  it('answers an unknown email and a wrong password alike', async () => {
    const user = await registerUser(api().url, 'alike');
    const wrongPassword = await login(api().url, user.email, `${user.password}!`);
    const unknownEmail = await login(api().url, uniqueEmail('nobody'), user.password);

    expect(errorCodes(wrongPassword)).toEqual(['INVALID_CREDENTIALS']);
    expect(errorCodes(unknownEmail)).toEqual(['INVALID_CREDENTIALS']);
    expect(unknownEmail.status).toBe(wrongPassword.status);
    expect(unknownEmail.errors[0]!.message).toBe(wrongPassword.errors[0]!.message);
    expect(unknownEmail.errors[0]!.extensions).toEqual(wrongPassword.errors[0]!.extensions);
  });
});
