// An unknown email must cost as much as a wrong password, or the response time tells which
// emails have accounts. With bcrypt at cost 10 a check takes about 80 ms, several times the rest
// of a login; without the dummy-hash check an unknown email would answer that much faster.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LOGIN, registerUser, uniqueEmail } from './support/accounts.js';
import { errorCodes, graphql } from './support/graphql.js';
import { startTestApi, type TestApi } from './support/testApi.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ BCRYPT_COST: '10' });
});
afterAll(async () => {
  await api?.close();
});

async function timedLogin(email: string, password: string): Promise<number> {
  const started = performance.now();
  const response = await graphql(api.url, LOGIN, { input: { email, password } });
  expect(errorCodes(response)).toEqual(['INVALID_CREDENTIALS']);
  return performance.now() - started;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

it('takes as long for an unknown email as for a wrong password', async () => {
  const user = await registerUser(api.url, 'timing');
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
