import { describe, expect, it } from 'vitest';
import {
  CHANGE_PASSWORD,
  login,
  REGISTER,
  RESET_PASSWORD,
  registerUser,
  uniqueEmail,
} from '../support/accounts.js';
import { mailTo } from '../support/outbox.js';
import { graphql } from '../support/graphql.js';
import { useTestApi } from '../support/testApi.js';

const api = useTestApi();

describe('SECURITY 5: the same normalisation on register, login and every password change', () => {
  it('normalises the password the same way on login as on registration (NFKC)', async () => {
    const composed = 'caf\u00e9 au lait sur la terrasse';
    const decomposed = composed.normalize('NFD');
    const email = uniqueEmail('nfkc-password');
    const input = { name: 'Nora', email, company: 'Cafe Society', password: composed };
    expect((await graphql(api().url, REGISTER, { input })).errors).toEqual([]);
    expect((await login(api().url, email, decomposed)).errors).toEqual([]);
  });

  it('normalises a changed and a reset password the same way', async () => {
    const user = await registerUser(api().url, 'normal');
    const changed = 'ﬁne ﬂowers on the ﬁeld'; // ligatures that NFKC spells out
    const input = { currentPassword: user.password, newPassword: changed };
    expect((await graphql(api().url, CHANGE_PASSWORD, { input }, user.accessToken)).errors).toEqual(
      [],
    );
    expect((await login(api().url, user.email, changed.normalize('NFKC'))).errors).toEqual([]);

    await graphql(api().url, 'mutation($e: String!) { requestPasswordReset(email: $e) }', {
      e: user.email,
    });
    await api().settled();
    const mail = await mailTo(api().outboxDir, user.email);
    const token = mail.find((message) => message.subject === 'Reset your password')!.token!;
    const reset = 'Ｆｕｌｌ ｗｉｄｔｈ ｌｅｔｔｅｒｓ ｈｅｒｅ';
    await graphql(api().url, RESET_PASSWORD, { input: { token, newPassword: reset } });
    expect((await login(api().url, user.email, reset.normalize('NFKC'))).errors).toEqual([]);
  });
});
