// Walks through the rest of an account's life against a running accounts API, reading the
// tokens of mailed links from the API's outbox (DATA_DIR/outbox when no SMTP server is set):
// email verification, refresh, sessions, password change, email change, password reset,
// logout everywhere and account deletion.
//
//   npm start                     # in one terminal
//   npm run example:lifecycle     # in another; OUTBOX_DIR=... if DATA_DIR is not .data
import { randomUUID } from 'node:crypto';
import { apiUrl, auth, client, main, run, step } from './apiClient.js';
import { graphql } from './generated/gql.js';
import { waitForToken } from './outbox.js';

const outboxDir = process.env.OUTBOX_DIR ?? '.data/outbox';

/** Spread by the sign-in mutations below; the generated documents include it. */
export const SignIn = graphql(`
  fragment SignIn on AuthPayload {
    accessToken
    refreshToken
    refreshTokenExpiresAt
    user {
      id
      email
      emailVerified
    }
  }
`);
const Register = graphql(`
  mutation LifecycleRegister($input: RegisterInput!) {
    register(input: $input) {
      ...SignIn
    }
  }
`);
const Login = graphql(`
  mutation LifecycleLogin($input: LoginInput!) {
    login(input: $input) {
      ...SignIn
    }
  }
`);
const VerifyEmail = graphql(`
  mutation VerifyEmail($token: String!) {
    verifyEmail(token: $token) {
      emailVerified
    }
  }
`);
const Refresh = graphql(`
  mutation Refresh($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) {
      ...SignIn
    }
  }
`);
const Sessions = graphql(`
  query Sessions {
    sessions {
      id
      userAgent
      current
      expiresAt
    }
  }
`);
const RevokeSession = graphql(`
  mutation RevokeSession($id: ID!) {
    revokeSession(id: $id)
  }
`);
const ChangePassword = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      ...SignIn
    }
  }
`);
const ChangeEmail = graphql(`
  mutation ChangeEmail($input: ChangeEmailInput!) {
    changeEmail(input: $input)
  }
`);
const ConfirmEmailChange = graphql(`
  mutation ConfirmEmailChange($token: String!) {
    confirmEmailChange(token: $token) {
      email
    }
  }
`);
const RequestPasswordReset = graphql(`
  mutation RequestPasswordReset($email: String!) {
    requestPasswordReset(email: $email)
  }
`);
const ResetPassword = graphql(`
  mutation ResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input) {
      ...SignIn
    }
  }
`);
const LogoutEverywhere = graphql(`
  mutation LogoutEverywhere {
    logoutEverywhere
  }
`);
const DeleteAccount = graphql(`
  mutation DeleteAccount($password: String!) {
    deleteAccount(password: $password)
  }
`);

const passphrase = () => `lifecycle ${randomUUID().slice(0, 8)} harbour lamp`;

main(async () => {
  let email = `lifecycle-${randomUUID().slice(0, 8)}@example.com`;
  let password = passphrase();
  console.log(`Accounts API at ${apiUrl}, as ${email}, reading mail from ${outboxDir}\n`);

  const input = { name: 'Life Cycle', email, company: 'Example Ltd', password };
  const registered = (await run('1. register', client.mutation(Register, { input })))!.register;
  auth.accessToken = registered.accessToken;

  const verifyToken = await waitForToken(outboxDir, email, 'Confirm your email address');
  const verified = await run(
    '2. verify the email from the mail',
    client.mutation(VerifyEmail, { token: verifyToken }),
  );
  step('', `emailVerified: ${verified?.verifyEmail.emailVerified}`);

  const refreshed = (await run(
    '3. refresh the session',
    client.mutation(Refresh, { refreshToken: registered.refreshToken }),
  ))!.refreshSession;
  auth.accessToken = refreshed.accessToken;

  const other = (await run(
    '4. log in on a second device',
    client.mutation(Login, { input: { email, password } }),
  ))!;
  const listed = (await run('5. list my sessions', client.query(Sessions, {})))!.sessions;
  step('', `${listed.length} sessions, current: ${listed.find((s) => s.current)?.id}`);
  const secondId = listed.find((session) => !session.current)!.id;
  await run('6. end the second device session', client.mutation(RevokeSession, { id: secondId }));
  await run(
    '7. refresh on the ended session',
    client.mutation(Refresh, { refreshToken: other.login.refreshToken }),
    'UNAUTHENTICATED',
  );

  const newPassword = passphrase();
  const changeInput = { currentPassword: password, newPassword };
  const changed = (await run(
    '8. change the password',
    client.mutation(ChangePassword, { input: changeInput }),
  ))!;
  auth.accessToken = changed.changePassword.accessToken;
  password = newPassword;

  const newEmail = `lifecycle-moved-${randomUUID().slice(0, 8)}@example.com`;
  await run(
    '9. ask to change the email',
    client.mutation(ChangeEmail, { input: { password, newEmail } }),
  );
  const confirmToken = await waitForToken(outboxDir, newEmail, 'Confirm your new email address');
  const confirmed = await run(
    '10. confirm it from the mail',
    client.mutation(ConfirmEmailChange, { token: confirmToken }),
  );
  email = confirmed!.confirmEmailChange.email;
  step('', `email is now ${email}`);

  await run('11. ask for a password reset', client.mutation(RequestPasswordReset, { email }));
  const resetToken = await waitForToken(outboxDir, email, 'Reset your password');
  password = passphrase();
  const reset = await run(
    '12. reset it from the mail',
    client.mutation(ResetPassword, { input: { token: resetToken, newPassword: password } }),
  );
  auth.accessToken = reset?.resetPassword.accessToken;

  const ended = await run('13. log out everywhere', client.mutation(LogoutEverywhere, {}));
  step('', `${ended?.logoutEverywhere} session(s) ended`);

  const again = (await run(
    '14. log in again',
    client.mutation(Login, { input: { email, password } }),
  ))!;
  auth.accessToken = again.login.accessToken;
  await run('15. delete the account', client.mutation(DeleteAccount, { password }));
  await run(
    '16. log in to the deleted account',
    client.mutation(Login, { input: { email, password } }),
    'INVALID_CREDENTIALS',
  );
  console.log('\nEvery step behaved as expected.');
});
