import { dictionary } from '@zxcvbn-ts/language-common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  REGISTER,
  ME,
  strongPassword,
  uniqueEmail,
  type AuthPayloadData,
} from './support/accounts.js';
import { errorCodes, graphql } from './support/graphql.js';
import { startTestApi, type TestApi } from './support/testApi.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

type RegisterData = { register: AuthPayloadData };

function register(input: Record<string, unknown>) {
  return graphql<RegisterData>(api.url, REGISTER, { input });
}

function validInput(overrides: Record<string, string> = {}) {
  return {
    name: 'Grace Hopper',
    email: uniqueEmail('register'),
    company: 'Remington Rand',
    password: strongPassword(),
    ...overrides,
  };
}

async function usersWithEmailKey(emailKey: string): Promise<Record<string, unknown>[]> {
  const { records } = await api.driver.executeQuery(
    'MATCH (u:User {emailKey: $emailKey}) RETURN properties(u) AS user',
    { emailKey },
  );
  return records.map((record) => record.get('user') as Record<string, unknown>);
}

describe('register', () => {
  it('creates the account with a bcrypt hash and signs it in', async () => {
    const input = validInput();
    const response = await register(input);

    expect(response.errors).toEqual([]);
    const payload = response.data!.register;
    expect(payload.user).toMatchObject({
      email: input.email,
      name: input.name,
      company: input.company,
    });
    expect(new Date(payload.accessTokenExpiresAt).getTime()).toBeGreaterThan(Date.now());

    const me = await graphql<{ me: { id: string } }>(api.url, ME, {}, payload.accessToken);
    expect(me.data?.me.id).toBe(payload.user.id);

    const [stored] = await usersWithEmailKey(input.email.toLowerCase());
    expect(stored!.passwordHash).toMatch(/^\$2[aby]\$04\$/);
    expect(Object.values(stored!)).not.toContain(input.password);
  });

  it('never echoes the password back', async () => {
    const input = validInput();
    const response = await register(input);
    expect(response.errors).toEqual([]);
    expect(response.text).not.toContain(input.password);
    expect(api.rawLogs.join('')).not.toContain(input.password);
  });

  it('names every blank or whitespace-only field, and creates nothing', async () => {
    const email = uniqueEmail('blank');
    const response = await register({ name: '  ', email: '', company: '\t', password: '   ' });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors[0]!.extensions!.fields).toEqual({
      name: 'REQUIRED',
      email: 'REQUIRED',
      company: 'REQUIRED',
      password: 'REQUIRED',
    });

    const partlyBlank = await register({ ...validInput({ email }), company: ' ' });
    expect(partlyBlank.errors[0]!.extensions!.fields).toEqual({ company: 'REQUIRED' });
    expect(await usersWithEmailKey(email)).toHaveLength(0);
  });

  it('refuses malformed and over-long email addresses', async () => {
    for (const email of ['not-an-email', 'a@b', 'two@@example.com', 'sp ace@example.com']) {
      const response = await register(validInput({ email }));
      expect(response.errors[0]?.extensions?.fields).toEqual({ email: 'INVALID_EMAIL' });
    }
    const long = `${'x'.repeat(250)}@example.com`;
    const response = await register(validInput({ email: long }));
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
      const response = await register(validInput({ email: variant }));
      expect(response.errors[0]?.extensions?.fields).toEqual({ email: 'INVALID_EMAIL' });
    }
  });

  it('treats a name of invisible characters as blank, and refuses direction overrides', async () => {
    for (const name of ['\u200b\u200b', '\u3164', '\u2060\ufeff']) {
      const response = await register(validInput({ name }));
      expect(response.errors[0]?.extensions?.fields).toEqual({ name: 'REQUIRED' });
    }
    for (const company of ['Acme\u202eevil', 'Null\u0000Corp', 'Bad\ud800']) {
      const response = await register(validInput({ company }));
      expect(response.errors[0]?.extensions?.fields).toEqual({ company: 'INVALID_CHARACTERS' });
    }
  });

  it('trims names and keeps the typed email, trimmed', async () => {
    const email = uniqueEmail('Trim').replace('trim', 'TrIm');
    const response = await register(validInput({ email: `  ${email} `, name: '  Grace  ' }));
    expect(response.data?.register.user).toMatchObject({ email, name: 'Grace' });
  });
});

describe('one account per email', () => {
  it('refuses the same email again, also in another case or with spaces around it', async () => {
    const email = uniqueEmail('dup');
    expect((await register(validInput({ email }))).errors).toEqual([]);

    for (const variant of [email, email.toUpperCase(), `  ${email}\t`]) {
      const again = await register(validInput({ email: variant }));
      expect(errorCodes(again)).toEqual(['EMAIL_TAKEN']);
    }
    expect(await usersWithEmailKey(email)).toHaveLength(1);
  });

  it('treats full-width letters as their ASCII forms (NFKC)', async () => {
    const email = uniqueEmail('nfkc');
    expect((await register(validInput({ email }))).errors).toEqual([]);
    const fullWidth = email.replace('nfkc', 'ｎｆｋｃ');
    expect(errorCodes(await register(validInput({ email: fullWidth })))).toEqual(['EMAIL_TAKEN']);
  });

  it('does not merge a look-alike letter from another script into its ASCII twin', async () => {
    const email = uniqueEmail('paypal');
    const lookAlike = email.replace('paypal', 'p\u0430ypal'); // Cyrillic a
    expect((await register(validInput({ email }))).errors).toEqual([]);
    expect((await register(validInput({ email: lookAlike }))).errors).toEqual([]);
    expect(await usersWithEmailKey(email)).toHaveLength(1);
    expect(await usersWithEmailKey(lookAlike)).toHaveLength(1);
  });

  it('creates exactly one user from 50 simultaneous registrations of one email', async () => {
    const email = uniqueEmail('race');
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        register(validInput({ email: index % 2 ? email : email.toUpperCase() })),
      ),
    );

    const codes = responses.map((response) => errorCodes(response)[0] ?? 'OK');
    expect(codes.filter((code) => code === 'OK')).toHaveLength(1);
    expect(codes.filter((code) => code === 'EMAIL_TAKEN')).toHaveLength(49);
    expect(await usersWithEmailKey(email)).toHaveLength(1);
  });
});

describe('password policy', () => {
  const problem = async (password: string, overrides: Record<string, string> = {}) => {
    const response = await register(validInput({ ...overrides, password }));
    return response.errors[0]?.extensions?.fields?.password ?? 'OK';
  };

  it('counts length in code points after NFKC normalisation', async () => {
    expect(await problem('fourteen chars')).toBe('TOO_SHORT');
    expect(await problem('😀'.repeat(14))).toBe('TOO_SHORT'); // 28 UTF-16 units, 14 code points
    expect(await problem('😀🌍🎈🚀🌙⭐🍀🎵🔑🧭🪁🦉🍋🌵🎲')).toBe('OK');
  });

  it('accepts up to 256 characters and refuses more before hashing', async () => {
    const words = 'a calm river under seven quiet hills '.repeat(8);
    expect(await problem(words.slice(0, 256))).toBe('OK');
    expect(await problem(words.slice(0, 257))).toBe('TOO_LONG');
    expect(await problem('x'.repeat(100_000))).toBe('TOO_LONG');
  });

  it('needs no digits or symbols: a passphrase of plain words is fine', async () => {
    expect(await problem('correct horse battery staple')).toBe('OK');
  });

  it('refuses passwords from the common-password list, also doubled', async () => {
    const common = dictionary['passwords-common'].find((word) => word.length >= 15)!;
    expect(await problem(common)).toBe('TOO_COMMON');
    expect(await problem('passwordpassword')).toBe('TOO_COMMON');
    expect(await problem('qwertyuiopqwertyuiop')).toBe('TOO_COMMON');
  });

  it("refuses a password equal to or built from the user's email, name or company", async () => {
    const email = uniqueEmail('owner');
    expect(await problem(email, { email })).toBe('TOO_COMMON');
    expect(await problem(email.toUpperCase(), { email })).toBe('TOO_COMMON');
    expect(await problem('Margaret Hamilton 1969', { name: 'Margaret Hamilton' })).toBe(
      'TOO_COMMON',
    );
    expect(await problem('initechsystems!!', { company: 'Initech Systems' })).toBe('TOO_COMMON');
    expect(await problem('accounts-api-password')).toBe('TOO_COMMON');
  });
});
