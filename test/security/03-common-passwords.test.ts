import { dictionary } from '@zxcvbn-ts/language-common';
import { describe, expect, it } from 'vitest';
import { passwordProblem, uniqueEmail } from '../support/accounts.js';
import { useTestApi } from '../support/testApi.js';

const api = useTestApi();

describe("SECURITY 3: common passwords and ones built from the user's details are TOO_COMMON", () => {
  it('refuses passwords from the common-password list, also doubled', async () => {
    const common = dictionary['passwords-common'].find((word) => word.length >= 15)!;
    expect(await passwordProblem(api().url, common)).toBe('TOO_COMMON');
    expect(await passwordProblem(api().url, 'passwordpassword')).toBe('TOO_COMMON');
    expect(await passwordProblem(api().url, 'qwertyuiopqwertyuiop')).toBe('TOO_COMMON');
  });

  it('refuses a repetition of a common piece of any size, or of a short piece', async () => {
    for (const repeated of [
      '111111111111111111', // "111111", a common password, three times
      '123123123123123',
      'aaaaaaaaaaaaaaa',
      '!!!!!!!!!!!!!!!',
      'abcdabcdabcdabcd',
      'a...............',
      '1!!!!!!!!!!!!!!!',
      `x${' '.repeat(15)}`,
      `${'\u200b'.repeat(15)}x`,
      '1234567890123456',
      'abcdefghijklmnop',
      'ponmlkjihgfedcba',
    ]) {
      expect(await passwordProblem(api().url, repeated), repeated).toBe('TOO_COMMON');
    }
    expect(await passwordProblem(api().url, 'lantern orbit meadow fig')).toBe('OK');
    expect(await passwordProblem(api().url, 'walrus piano walrus piano')).toBe('OK');
  });

  it("refuses a password equal to or built from the user's email, name or company", async () => {
    const email = uniqueEmail('owner');
    expect(await passwordProblem(api().url, email, { email })).toBe('TOO_COMMON');
    expect(await passwordProblem(api().url, email.toUpperCase(), { email })).toBe('TOO_COMMON');
    expect(
      await passwordProblem(api().url, 'Margaret Hamilton 1969', { name: 'Margaret Hamilton' }),
    ).toBe('TOO_COMMON');
    expect(
      await passwordProblem(api().url, 'initechsystems!!', { company: 'Initech Systems' }),
    ).toBe('TOO_COMMON');
    expect(await passwordProblem(api().url, 'accounts-api-password')).toBe('TOO_COMMON');
  });
});
