import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../support/accounts.js';
import { useTestApi } from '../support/testApi.js';

const api = useTestApi();

describe('SECURITY 2: no composition rules', () => {
  it('needs no digits or symbols: a passphrase of plain words is fine', async () => {
    expect(await passwordProblem(api().url, 'correct horse battery staple')).toBe('OK');
  });
});
