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

  it('treats a name of invisible characters as blank, and refuses direction overrides', async () => {
    for (const name of ['\u200b\u200b', '\u3164', '\u2060\ufeff', '\u2800\u2800']) {
      const response = await register(validInput({ name }));
      expect(response.errors[0]?.extensions?.fields).toEqual({ name: 'REQUIRED' });
    }
    for (const company of [
      'Acme\u202eevil',
      'Null\u0000Corp',
      'Bad\ud800',
      'Bob\u{E0041}', // an invisible tag character
      'Mark\u200fed', // a right-to-left mark
      'Two\u2028lines',
      `Z${'\u0301'.repeat(199)}`,
      `a${'\u0301\u0301\u0301\u0301\u0301\u200d'.repeat(30)}`,
      'Private\ue000use',
      'Not\uffffa character',
    ]) {
      const response = await register(validInput({ company }));
      expect(response.errors[0]?.extensions?.fields).toEqual({ company: 'INVALID_CHARACTERS' });
    }
  });

  it('accepts names in any script, with accents, emoji and the joiners they need', async () => {
    for (const name of [
      'Zoë Ångström',
      'محمد علی',
      'नमस्ते दुनिया',
      'Nguyễn Thị Minh',
      'Ada 👩\u200d💻',
    ]) {
      const response = await register(validInput({ name }));
      expect(response.errors, name).toEqual([]);
      expect(response.data?.register.user.name).toBe(name);
    }
  });

  it('trims names and keeps the typed email, trimmed', async () => {
    const email = uniqueEmail('Trim').replace('trim', 'TrIm');
    const response = await register(validInput({ email: `  ${email} `, name: '  Grace  ' }));
    expect(response.data?.register.user).toMatchObject({ email, name: 'Grace' });
  });
});
