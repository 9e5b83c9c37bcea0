import { describe, expect, it } from 'vitest';
import {
  register,
  uniqueEmail,
  usersWithEmailKey,
  validRegistration,
} from '../support/accounts.js';
import { errorCodes } from '../support/graphql.js';
import { useTestApi } from '../support/testApi.js';

const api = useTestApi();

describe('SECURITY 8: emails are trimmed, valid, at most 254 characters, one account per canonical key', () => {
  it('refuses malformed and over-long email addresses', async () => {
    for (const email of ['not-an-email', 'a@b', 'two@@example.com', 'sp ace@example.com']) {
      const response = await register(api().url, validRegistration({ email }));
      expect(response.errors[0]?.extensions?.fields).toEqual({ email: 'INVALID_EMAIL' });
    }
    const long = `${'x'.repeat(250)}@example.com`;
    const response = await register(api().url, validRegistration({ email: long }));
    expect(response.errors[0]?.extensions?.fields).toEqual({ email: 'TOO_LONG' });
  });

  it('refuses addresses with invisible, direction-changing or broken characters', async () => {
    const email = uniqueEmail('hidden');
    const variants = [
      email.replace('hidden', 'hid\u200bden'), // zero-width space
      email.replace('hidden', 'hid\u202eden'), // right-to-left override
      email.replace('example', 'exa\u200fmple'), // right-to-left mark in the domain
      email.replace('hidden', 'hid\ud800den'), // lone surrogate
    ];
    for (const variant of variants) {
      const response = await register(api().url, validRegistration({ email: variant }));
      expect(response.errors[0]?.extensions?.fields).toEqual({ email: 'INVALID_EMAIL' });
    }
  });

  it('refuses the same email again, also in another case or with spaces around it', async () => {
    const email = uniqueEmail('dup');
    expect((await register(api().url, validRegistration({ email }))).errors).toEqual([]);

    for (const variant of [email, email.toUpperCase(), `  ${email}\t`]) {
      const again = await register(api().url, validRegistration({ email: variant }));
      expect(errorCodes(again)).toEqual(['EMAIL_TAKEN']);
    }
    expect(await usersWithEmailKey(api().driver, email)).toHaveLength(1);
  });

  it('treats full-width letters as their ASCII forms (NFKC)', async () => {
    const email = uniqueEmail('nfkc');
    expect((await register(api().url, validRegistration({ email }))).errors).toEqual([]);
    const fullWidth = email.replace('nfkc', 'ｎｆｋｃ');
    expect(errorCodes(await register(api().url, validRegistration({ email: fullWidth })))).toEqual([
      'EMAIL_TAKEN',
    ]);
  });

  it('does not merge a look-alike letter from another script into its ASCII twin', async () => {
    const email = uniqueEmail('paypal');
    const lookAlike = email.replace('paypal', 'p\u0430ypal'); // Cyrillic a
    expect((await register(api().url, validRegistration({ email }))).errors).toEqual([]);
    expect((await register(api().url, validRegistration({ email: lookAlike }))).errors).toEqual([]);
    expect(await usersWithEmailKey(api().driver, email)).toHaveLength(1);
    expect(await usersWithEmailKey(api().driver, lookAlike)).toHaveLength(1);
  });
});
