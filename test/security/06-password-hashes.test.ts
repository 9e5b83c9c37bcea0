import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { CHANGE_PASSWORD, login, registerUser, strongPassword } from '../support/accounts.js';
import { errorCodes, graphql } from '../support/graphql.js';
import { startTestApi, useTestApi } from '../support/testApi.js';

const api = useTestApi();

async function storedHash(userId: string): Promise<string> {
  const { records } = await api().driver.executeQuery(
    'MATCH (u:User {id: $userId}) RETURN u.passwordHash AS hash',
    { userId },
  );
  return records[0]!.get('hash') as string;
}

describe('SECURITY 6: bcrypt at BCRYPT_COST, off the event loop, upgraded on login', () => {
  it('uses BCRYPT_COST and never stores the password itself', async () => {
    const user = await registerUser(api().url, 'cost');
    const hash = await storedHash(user.id);
    expect(bcrypt.getRounds(hash)).toBe(4);
    expect(hash).not.toContain(user.password);
  });

  it('upgrades a hash made at a lower cost on the next successful login', async () => {
    const user = await registerUser(api().url, 'upgrade');
    const stronger = await startTestApi({ BCRYPT_COST: '6' });
    try {
      expect(errorCodes(await login(stronger.url, user.email, 'a wrong password here'))).toEqual([
        'INVALID_CREDENTIALS',
      ]);
      expect(bcrypt.getRounds(await storedHash(user.id))).toBe(4);

      expect((await login(stronger.url, user.email, user.password)).errors).toEqual([]);
      expect(bcrypt.getRounds(await storedHash(user.id))).toBe(6);
      expect((await login(api().url, user.email, user.password)).errors).toEqual([]);
    } finally {
      await stronger.close();
    }
  });

  it('never lets an upgrade on login undo a password change made meanwhile', async () => {
    const stronger = await startTestApi({ BCRYPT_COST: '8' });
    try {
      for (let round = 0; round < 4; round += 1) {
        const user = await registerUser(api().url, 'upgrade-race'); // hashed at cost 4
        const newPassword = strongPassword();
        const [changed] = await Promise.all([
          graphql(
            stronger.url,
            CHANGE_PASSWORD,
            { input: { currentPassword: user.password, newPassword } },
            user.accessToken,
          ),
          login(stronger.url, user.email, user.password), // verifies, rehashes at cost 8
        ]);
        expect(changed.errors).toEqual([]);
        expect(
          (await login(stronger.url, user.email, newPassword)).errors,
          `round ${round}`,
        ).toEqual([]);
        expect(errorCodes(await login(stronger.url, user.email, user.password))).toEqual([
          'INVALID_CREDENTIALS',
        ]);
      }
    } finally {
      await stronger.close();
    }
  });
});
