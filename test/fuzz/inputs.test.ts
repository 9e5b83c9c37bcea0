// Property-based tests over the inputs of the account operations: arbitrary Unicode (lone
// surrogates, combining marks, direction marks, NUL), huge strings, wrong types and missing
// fields. Whatever arrives: never an internal error or a stack trace, never a half-written
// account, and the same refused input always gets the same answer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOGIN, REGISTER, registerUser } from '../support/accounts.js';
import { errorCodes, graphql, type GraphQLResponse } from '../support/graphql.js';
import { useTestApi } from '../support/testApi.js';

const api = useTestApi();
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

/** Characters that break naive input handling. */
const tricky = fc.constantFrom(
  '\u0000',
  '\ud800',
  '\udfff',
  '\u0301',
  '\u200f',
  '\u202e',
  '\u2066',
  '\u200b',
  '\ufeff',
  '\u3164',
  'ﷺ',
  'ｅ',
  'İ',
  'ß',
  '😀',
  '@',
  '.',
  ' ',
  '\t',
  '\n',
  '"',
  "'",
  '\\',
  '{',
  '}',
  '$',
  '`',
  'MATCH (n) DETACH DELETE n',
  "' OR 1=1 //",
);
const text = fc.oneof(
  fc.string({
    unit: fc.oneof(tricky, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
    maxLength: 40,
  }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.emailAddress(),
  fc.constantFrom('', ' ', 'x'.repeat(5_000), 'a@b.co'.repeat(60)),
);
/** Anything JSON can carry, for the fields GraphQL expects as strings. */
const anyValue = fc.oneof(text, fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined));

const ALLOWED = new Set(['BAD_USER_INPUT', 'EMAIL_TAKEN', 'INVALID_CREDENTIALS', 'RATE_LIMITED']);

function expectCleanRefusalOrSuccess(response: GraphQLResponse<unknown>): void {
  expect(response.status).toBeLessThan(500);
  expect(response.text).not.toMatch(/stacktrace|INTERNAL_SERVER_ERROR|at .*\.(js|ts):\d+|Neo4j/);
  for (const code of errorCodes(response)) expect(ALLOWED.has(code ?? '')).toBe(true);
}

async function usersWithEmail(email: unknown): Promise<number> {
  if (typeof email !== 'string') return 0;
  const { records } = await api().driver.executeQuery(
    'MATCH (u:User) WHERE u.email = $email RETURN count(u) AS users',
    { email: email.trim() },
  );
  return Number(records[0]!.get('users'));
}

async function isComplete(email: string): Promise<boolean> {
  const { records } = await api().driver.executeQuery(
    `MATCH (u:User {email: $email})
     RETURN u.id IS NOT NULL AND u.emailKey IS NOT NULL AND u.passwordHash IS NOT NULL
            AND EXISTS { (u)-[:HAS_SESSION]->(:Session) }
            AND EXISTS { (u)-[:HAS_TOKEN]->(:AccountToken) } AS complete`,
    { email: email.trim() },
  );
  return records.every((record) => record.get('complete') === true);
}

describe('fuzzing the account inputs', () => {
  it('register: a clean refusal and nothing written, or a complete account', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyValue,
        anyValue,
        anyValue,
        anyValue,
        async (name, email, company, password) => {
          const input = { name, email, company, password };
          const response = await graphql<{ register: unknown }>(api().url, REGISTER, { input });
          expectCleanRefusalOrSuccess(response);

          if (response.errors.length > 0) {
            if (errorCodes(response)[0] !== 'EMAIL_TAKEN')
              expect(await usersWithEmail(email)).toBe(0);
            const again = await graphql<{ register: unknown }>(api().url, REGISTER, { input });
            expect(again.text).toBe(response.text);
          } else {
            expect(await isComplete(email as string)).toBe(true);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('register with odd but plausible addresses and names: refused cleanly or complete', async () => {
    const plausibleEmail = fc.tuple(fc.emailAddress(), tricky, fc.nat()).map(([email, odd, at]) => {
      const cut = at % (email.length + 1);
      return at % 3 === 0 ? email : email.slice(0, cut) + odd + email.slice(cut);
    });
    const plausibleName = fc.oneof(text, fc.constantFrom('Zoë', 'Ｚｏｅ', 'Jos\u0301e', 'مريم'));
    await fc.assert(
      fc.asyncProperty(plausibleEmail, plausibleName, async (email, name) => {
        const input = { name, email, company: 'Fuzz Ltd', password: `fuzz ${crypto.randomUUID()}` };
        const response = await graphql(api().url, REGISTER, { input });
        expectCleanRefusalOrSuccess(response);
        if (response.errors.length === 0) expect(await isComplete(email)).toBe(true);
        else if (errorCodes(response)[0] !== 'EMAIL_TAKEN')
          expect(await usersWithEmail(email)).toBe(0);
      }),
      { numRuns: RUNS },
    );
  });

  it('login: only BAD_USER_INPUT or INVALID_CREDENTIALS, the same every time', async () => {
    const user = await registerUser(api().url, 'fuzz-target');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(anyValue, fc.constant(user.email)),
        anyValue,
        async (email, password) => {
          const response = await graphql<{ login: unknown }>(api().url, LOGIN, {
            input: { email, password },
          });
          expectCleanRefusalOrSuccess(response);
          expect(errorCodes(response)).not.toContain('EMAIL_TAKEN');
          const again = await graphql<{ login: unknown }>(api().url, LOGIN, {
            input: { email, password },
          });
          expect(errorCodes(again)).toEqual(errorCodes(response));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('token and profile inputs: a clean refusal every time', async () => {
    const user = await registerUser(api().url, 'fuzz-profile');
    const operations: [string, (value: unknown) => Record<string, unknown>][] = [
      ['mutation($v: String!) { verifyEmail(token: $v) { id } }', (v) => ({ v })],
      ['mutation($v: String!) { confirmEmailChange(token: $v) { id } }', (v) => ({ v })],
      [
        'mutation($v: String!) { refreshSession(refreshToken: $v) { accessToken } }',
        (v) => ({ v }),
      ],
      ['mutation($v: String!) { requestPasswordReset(email: $v) }', (v) => ({ v })],
      [
        'mutation($v: String!) { resetPassword(input: { token: $v, newPassword: $v }) { accessToken } }',
        (v) => ({ v }),
      ],
      [
        'mutation($v: String!) { updateUsers(update: { name: { set: $v } }) { users { id } } }',
        (v) => ({ v }),
      ],
      ['mutation($v: ID!) { revokeSession(id: $v) }', (v) => ({ v })],
    ];
    const expected = new Set([...ALLOWED, 'INVALID_TOKEN', 'UNAUTHENTICATED', 'FORBIDDEN']);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...operations),
        anyValue,
        async ([query, variables], value) => {
          const response = await graphql(api().url, query, variables(value), user.accessToken);
          expect(response.status).toBeLessThan(500);
          expect(response.text).not.toMatch(/stacktrace|INTERNAL_SERVER_ERROR|at .*\.(js|ts):\d+/);
          for (const code of errorCodes(response)) expect(expected.has(code ?? '')).toBe(true);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });
});
