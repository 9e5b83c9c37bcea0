// An unknown email must cost as much as a wrong password, or the response time tells which
// emails have accounts. The first test counts the work, which does not depend on how busy the
// machine is: each failure, of either kind, runs exactly one bcrypt compare. The second
// measures it: with bcrypt at cost 10 a compare takes tens of milliseconds, many times the rest
// of a login, so without the dummy-hash compare an unknown email answers several times faster;
// its bounds leave room for a machine busy with other test files.
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { LOGIN, login, registerUser, uniqueEmail } from '../support/accounts.js';
import { errorCodes, graphql } from '../support/graphql.js';
import { metricValue, parseMetrics } from '../support/metrics.js';
import { useTestApi } from '../support/testApi.js';

const api = useTestApi({ BCRYPT_COST: '10' });

async function failedLogin(email: string, password: string): Promise<number> {
  const started = performance.now();
  const response = await graphql(api().url, LOGIN, { input: { email, password } });
  expect(errorCodes(response)).toEqual(['INVALID_CREDENTIALS']);
  return performance.now() - started;
}

/** bcrypt compares the API's hashing pool has finished, from /metrics. */
async function comparesDone(): Promise<number> {
  const response = await fetch(new URL('/metrics', api().url));
  const families = parseMetrics(await response.text());
  if (!families.has('password_hash_jobs_total'))
    throw new Error('password_hash_jobs_total missing');
  return metricValue(families, 'password_hash_jobs_total', { task: 'compare' });
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('SECURITY 10: a login failure looks the same for an unknown email and a wrong password', () => {
  it('runs one password compare for an unknown email, as for a wrong password', async () => {
    const user = await registerUser(api().url, 'work');

    const beforeWrong = await comparesDone();
    await failedLogin(user.email, `wrong ${user.password}`);
    const afterWrong = await comparesDone();
    await failedLogin(uniqueEmail('unknown'), user.password);
    const afterUnknown = await comparesDone();

    expect(afterWrong - beforeWrong).toBe(1);
    expect(afterUnknown - afterWrong).toBe(1);
  });

  it('takes about as long for an unknown email as for a wrong password', async () => {
    const user = await registerUser(api().url, 'timing');
    const wrongPassword: number[] = [];
    const unknownEmail: number[] = [];
    for (let round = 0; round < 9; round += 1) {
      wrongPassword.push(await failedLogin(user.email, `wrong ${user.password}`));
      unknownEmail.push(await failedLogin(uniqueEmail('unknown'), user.password));
    }

    const ratio = median(unknownEmail) / median(wrongPassword);
    console.log(
      `login failure, median ms: wrong password ${median(wrongPassword).toFixed(1)}, ` +
        `unknown email ${median(unknownEmail).toFixed(1)} (ratio ${ratio.toFixed(2)})`,
    );
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('takes as long for an account whose hash has an older, lower cost', async () => {
    const user = await registerUser(api().url, 'old-cost');
    // As if the account had registered before BCRYPT_COST was raised from 4 to 10.
    await api().driver.executeQuery('MATCH (u:User {id: $id}) SET u.passwordHash = $hash', {
      id: user.id,
      hash: bcrypt.hashSync('an old password', 4),
    });

    const before = await comparesDone();
    await failedLogin(user.email, user.password);
    expect((await comparesDone()) - before).toBe(2); // its own hash, and one at cost 10

    const oldHash: number[] = [];
    const unknownEmail: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      oldHash.push(await failedLogin(user.email, user.password));
      unknownEmail.push(await failedLogin(uniqueEmail('unknown'), user.password));
    }
    const ratio = median(oldHash) / median(unknownEmail);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
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
