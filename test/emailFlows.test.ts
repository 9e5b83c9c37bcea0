import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN, ME, registerUser, uniqueEmail, type RegisteredUser } from './support/accounts.js';
import { errorCodes, graphql } from './support/graphql.js';
import { mailTo, type ReceivedMail } from './support/outbox.js';
import { TestClock } from './support/testClock.js';
import { startTestApi, type TestApi } from './support/testApi.js';

let api: TestApi;
const clock = new TestClock();
beforeAll(async () => {
  api = await startTestApi({ APP_URL: 'https://app.example.com/accounts' }, clock);
});
afterAll(async () => {
  await api?.close();
});

const VERIFY =
  'mutation($token: String!) { verifyEmail(token: $token) { id email emailVerified } }';
const CONFIRM =
  'mutation($token: String!) { confirmEmailChange(token: $token) { id email emailVerified } }';
const CHANGE = 'mutation($input: ChangeEmailInput!) { changeEmail(input: $input) }';

type UserData = { id: string; email: string; emailVerified: boolean };

async function messages(email: string, subject: string): Promise<ReceivedMail[]> {
  await api.settled();
  return (await mailTo(api.outboxDir, email)).filter((mail) => mail.subject === subject);
}

async function lastToken(email: string, subject: string): Promise<string> {
  const token = (await messages(email, subject)).at(-1)?.token;
  if (!token) throw new Error(`no "${subject}" message with a token for ${email}`);
  return token;
}

const verify = (token: string) => graphql<{ verifyEmail: UserData }>(api.url, VERIFY, { token });
const me = (user: RegisteredUser) => graphql<{ me: UserData }>(api.url, ME, {}, user.accessToken);

describe('email verification', () => {
  it('sends a message at registration whose token verifies the address once', async () => {
    const user = await registerUser(api.url, 'verify');
    expect((await me(user)).data?.me.emailVerified).toBe(false);

    const [message] = await messages(user.email, 'Confirm your email address');
    expect(message!.text).toContain(
      `https://app.example.com/accounts/verify-email?token=${message!.token}`,
    );
    expect(message!.html).toContain('href="https://app.example.com/accounts/verify-email?token=');
    expect(message!.token).toMatch(/^[\w-]{43}$/); // 256 random bits

    const response = await verify(message!.token!);
    expect(response.data?.verifyEmail).toEqual({
      id: user.id,
      email: user.email,
      emailVerified: true,
    });
    expect((await me(user)).data?.me.emailVerified).toBe(true);
    expect(errorCodes(await verify(message!.token!))).toEqual(['INVALID_TOKEN']);
  });

  it('stores tokens only as hashes', async () => {
    const user = await registerUser(api.url, 'hashed');
    const token = await lastToken(user.email, 'Confirm your email address');
    const { records } = await api.driver.executeQuery(
      'MATCH (:User {id: $id})-[:HAS_TOKEN]->(t) RETURN properties(t) AS token',
      { id: user.id },
    );
    expect(records).toHaveLength(1);
    expect(JSON.stringify(records[0]!.get('token'))).not.toContain(token);
  });

  it('refuses an expired token (after 24 hours) and sends a new one on request', async () => {
    const user = await registerUser(api.url, 'expired');
    const first = await lastToken(user.email, 'Confirm your email address');
    clock.advanceSeconds(24 * 3600 + 1);
    expect(errorCodes(await verify(first))).toEqual(['INVALID_TOKEN']);

    const login = await graphql<{ login: { accessToken: string } }>(api.url, LOGIN, {
      input: { email: user.email, password: user.password },
    });
    const accessToken = login.data!.login.accessToken;
    const again = await graphql(api.url, 'mutation { requestEmailVerification }', {}, accessToken);
    expect(again.data).toEqual({ requestEmailVerification: true });

    const second = await lastToken(user.email, 'Confirm your email address');
    expect(second).not.toBe(first);
    expect((await verify(second)).data?.verifyEmail.emailVerified).toBe(true);
  });

  it('sends nothing more once the address is verified', async () => {
    const user = await registerUser(api.url, 'verified');
    await verify(await lastToken(user.email, 'Confirm your email address'));
    await graphql(api.url, 'mutation { requestEmailVerification }', {}, user.accessToken);
    expect(await messages(user.email, 'Confirm your email address')).toHaveLength(1);
  });

  it('needs a signed-in caller to send a new message', async () => {
    expect(errorCodes(await graphql(api.url, 'mutation { requestEmailVerification }'))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });
});

describe('email change', () => {
  const change = (user: RegisteredUser, newEmail: string, password = user.password) =>
    graphql<{ changeEmail: boolean }>(
      api.url,
      CHANGE,
      { input: { password, newEmail } },
      user.accessToken,
    );
  const confirm = (token: string) =>
    graphql<{ confirmEmailChange: UserData }>(api.url, CONFIRM, { token });

  it('changes the address only when the link sent to the new one is used', async () => {
    const user = await registerUser(api.url, 'mover');
    const newEmail = uniqueEmail('moved');
    expect((await change(user, `  ${newEmail} `)).data?.changeEmail).toBe(true);

    expect(await messages(user.email, 'Your email address is being changed')).toHaveLength(1);
    expect((await me(user)).data?.me.email).toBe(user.email);

    const token = await lastToken(newEmail, 'Confirm your new email address');
    const confirmed = await confirm(token);
    expect(confirmed.data?.confirmEmailChange).toEqual({
      id: user.id,
      email: newEmail,
      emailVerified: true,
    });

    const login = (email: string) =>
      graphql(api.url, LOGIN, { input: { email, password: user.password } });
    expect((await login(newEmail)).errors).toEqual([]);
    expect(errorCodes(await login(user.email))).toEqual(['INVALID_CREDENTIALS']);
    expect(errorCodes(await confirm(token))).toEqual(['INVALID_TOKEN']);

    // The old address is free for a new account.
    const reuse = await graphql(
      api.url,
      'mutation($input: RegisterInput!) { register(input: $input) { accessToken } }',
      {
        input: {
          name: 'New Owner',
          email: user.email,
          company: 'Elsewhere',
          password: user.password + ' again',
        },
      },
    );
    expect(reuse.errors).toEqual([]);
  });

  it('needs the password, a valid and different address, and a signed-in caller', async () => {
    const user = await registerUser(api.url, 'change-checks');
    expect(errorCodes(await change(user, uniqueEmail(), 'the wrong password here'))).toEqual([
      'INVALID_CREDENTIALS',
    ]);
    expect((await change(user, 'nope')).errors[0]?.extensions?.fields).toEqual({
      newEmail: 'INVALID_EMAIL',
    });
    expect((await change(user, user.email.toUpperCase())).errors[0]?.extensions?.fields).toEqual({
      newEmail: 'UNCHANGED',
    });
    const anonymous = await graphql(api.url, CHANGE, {
      input: { password: user.password, newEmail: uniqueEmail() },
    });
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });

  it("answers the same for an address that has an account, and only notifies that address's owner", async () => {
    const user = await registerUser(api.url, 'taker');
    const owner = await registerUser(api.url, 'owner');
    const response = await change(user, owner.email);
    expect(response.text).toBe('{"data":{"changeEmail":true}}\n');

    expect(await messages(owner.email, 'Confirm your new email address')).toEqual([]);
    expect(
      await messages(owner.email, 'An account change was asked for this address'),
    ).toHaveLength(1);
    expect((await me(user)).data?.me.email).toBe(user.email);
  });

  it('checks uniqueness again on confirmation: EMAIL_TAKEN if the address was taken meanwhile', async () => {
    const user = await registerUser(api.url, 'slow-mover');
    const newEmail = uniqueEmail('contested');
    await change(user, newEmail);
    const token = await lastToken(newEmail, 'Confirm your new email address');

    const input = {
      name: 'Quick',
      email: newEmail,
      company: 'Faster Inc',
      password: user.password,
    };
    await graphql(
      api.url,
      'mutation($input: RegisterInput!) { register(input: $input) { accessToken } }',
      { input },
    );

    expect(errorCodes(await confirm(token))).toEqual(['EMAIL_TAKEN']);
    expect((await me(user)).data?.me.email).toBe(user.email);
  });

  it('refuses a confirmation link after an hour', async () => {
    const user = await registerUser(api.url, 'late');
    const newEmail = uniqueEmail('late-target');
    await change(user, newEmail);
    const token = await lastToken(newEmail, 'Confirm your new email address');
    clock.advanceSeconds(3600 + 1);
    expect(errorCodes(await confirm(token))).toEqual(['INVALID_TOKEN']);
  });
});
