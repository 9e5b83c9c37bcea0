import { describe, expect, it } from 'vitest';
import { registerUser, type RegisteredUser } from '../support/accounts.js';
import { errorCodes, graphql } from '../support/graphql.js';
import { useTestApi } from '../support/testApi.js';

const api = useTestApi();
let alice: RegisteredUser | undefined;

async function asAlice(query: string) {
  alice ??= await registerUser(api().url, 'alice');
  return graphql(api().url, query, {}, alice.accessToken);
}

describe('SECURITY 11: id, email, the hash and session data are not settable', () => {
  it('does not declare the password hash or the email key anywhere', async () => {
    const response = await graphql(
      api().url,
      '{ __schema { types { name fields { name } inputFields { name } } } }',
    );
    expect(response.text).not.toMatch(/passwordHash|emailKey/i);
  });

  it('does not let updateUsers set id, email or timestamps', async () => {
    const response = await graphql<{ __type: { inputFields: { name: string }[] } }>(
      api().url,
      '{ __type(name: "UserUpdateInput") { inputFields { name } } }',
    );
    expect(response.data!.__type.inputFields.map((field) => field.name).sort()).toEqual([
      'company',
      'name',
    ]);

    const attempt = await asAlice(
      'mutation { updateUsers(update: { email: { set: "x@example.com" } }) { users { id } } }',
    );
    expect(errorCodes(attempt)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});
