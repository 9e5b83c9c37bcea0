// A mail transport that fails must never lose the account change that sent the mail, and the
// request must not say anything about it.
import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerUser, uniqueEmail } from './support/accounts.js';
import { graphql } from './support/graphql.js';
import { freePort } from './support/freePort.js';
import { startTestApi, type TestApi } from './support/testApi.js';

let api: TestApi;
let smtp: net.Server;
beforeAll(async () => {
  // An "SMTP server" that hangs up at once: every delivery fails.
  const port = await freePort();
  smtp = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
  api = await startTestApi({ SMTP_URL: `smtp://127.0.0.1:${port}` });
});
afterAll(async () => {
  await api?.close();
  smtp?.close();
});

it('keeps the registration and logs the failure when the verification mail cannot be sent', async () => {
  const user = await registerUser(api.url, 'mail-down');
  await api.settled();

  const { records } = await api.driver.executeQuery(
    'MATCH (u:User {id: $id}) RETURN count(u) AS users',
    {
      id: user.id,
    },
  );
  expect(Number(records[0]!.get('users'))).toBe(1);
  const failure = api.logs.find(
    (line) => line.task === 'mail:verify-email' && line.msg === 'background task failed',
  );
  expect(failure).toBeDefined();
  expect(JSON.stringify(failure)).not.toContain(user.email);
});

it('answers a password reset with true although its mail fails', async () => {
  const user = await registerUser(api.url, 'mail-down-reset');
  for (const email of [user.email, uniqueEmail('unknown')]) {
    const response = await graphql(
      api.url,
      'mutation($email: String!) { requestPasswordReset(email: $email) }',
      {
        email,
      },
    );
    expect(response.text).toBe('{"data":{"requestPasswordReset":true}}\n');
  }
  await api.settled();
  expect(api.logs.some((line) => line.task === 'mail:password-reset')).toBe(true);
});
