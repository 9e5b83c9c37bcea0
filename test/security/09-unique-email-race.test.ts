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

describe('SECURITY 9: uniqueness is a database constraint, also under 50 parallel registrations', () => {
  it('creates exactly one user from 50 simultaneous registrations of one email', async () => {
    const email = uniqueEmail('race');
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        register(api().url, validRegistration({ email: index % 2 ? email : email.toUpperCase() })),
      ),
    );

    const codes = responses.map((response) => errorCodes(response)[0] ?? 'OK');
    expect(codes.filter((code) => code === 'OK')).toHaveLength(1);
    expect(codes.filter((code) => code === 'EMAIL_TAKEN')).toHaveLength(49);
    expect(await usersWithEmailKey(api().driver, email)).toHaveLength(1);
  });
});
