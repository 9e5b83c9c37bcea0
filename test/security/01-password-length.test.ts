import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../support/accounts.js';
import { useTestApi } from '../support/testApi.js';

const api = useTestApi();

describe('SECURITY 1: password length is counted in code points after NFKC, from 15 to 256', () => {
  it('counts length in code points after NFKC normalisation', async () => {
    expect(await passwordProblem(api().url, 'fourteen chars')).toBe('TOO_SHORT');
    expect(await passwordProblem(api().url, '😀'.repeat(14))).toBe('TOO_SHORT'); // 28 UTF-16 units, 14 code points
    expect(await passwordProblem(api().url, '😀🌍🎈🚀🌙⭐🍀🎵🔑🧭🪁🦉🍋🌵🎲')).toBe('OK');
  });

  it('accepts up to 256 characters and refuses more before hashing', async () => {
    const words = 'a calm river under seven quiet hills '.repeat(8);
    expect(await passwordProblem(api().url, words.slice(0, 256))).toBe('OK');
    expect(await passwordProblem(api().url, words.slice(0, 257))).toBe('TOO_LONG');
    expect(await passwordProblem(api().url, 'x'.repeat(100_000))).toBe('TOO_LONG');
  });
});
