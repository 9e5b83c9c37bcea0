import { describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql.js';
import { useTestApi } from '../support/testApi.js';

const api = useTestApi();

describe('SECURITY 19: no generated create or delete mutation for users', () => {
  it('offers no create or delete mutation for users', async () => {
    const response = await graphql<{ __schema: { mutationType: { fields: { name: string }[] } } }>(
      api().url,
      '{ __schema { mutationType { fields { name } } } }',
    );
    const names = response.data!.__schema.mutationType.fields.map((field) => field.name).sort();
    expect(names).not.toContain('createUsers');
    expect(names).not.toContain('deleteUsers');
    expect(names.filter((name) => /Users$/.test(name))).toEqual(['updateUsers']);
    expect(names.filter((name) => /Sessions?$/.test(name))).toEqual([
      'refreshSession',
      'revokeSession',
    ]);
  });
});
