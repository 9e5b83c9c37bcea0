import { describe, expect, it } from 'vitest';
import { LOGIN, REGISTER, uniqueEmail } from '../support/accounts.js';
import { errorCodes, graphql } from '../support/graphql.js';
import { useTestApi } from '../support/testApi.js';

const api = useTestApi();
const login = (email: string, password: string) =>
  graphql(api().url, LOGIN, { input: { email, password } });

describe('SECURITY 4: every character counts, past the 72 bytes bcrypt reads', () => {
  it('lets every character count: passwords that differ after byte 72 are different', async () => {
    const prefix = 'é'.repeat(40); // 80 bytes of UTF-8, past bcrypt's 72
    const password = `${prefix} first ending`;
    const email = uniqueEmail('long');
    const input = { name: 'Long Password', email, company: 'Bytes Inc', password };
    expect((await graphql(api().url, REGISTER, { input })).errors).toEqual([]);

    expect(errorCodes(await login(email, `${prefix} other ending`))).toEqual([
      'INVALID_CREDENTIALS',
    ]);
    expect((await login(email, password)).errors).toEqual([]);
  });
});
