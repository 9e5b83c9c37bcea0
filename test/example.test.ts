import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/testApi.js';

const run = promisify(execFile);

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

it('walks the account flow with a real GraphQL client (npm run example)', async () => {
  const tsx = path.resolve('node_modules/.bin/tsx');
  const { stdout } = await run(tsx, ['examples/client.ts'], {
    env: { ...process.env, API_URL: api.url },
  });

  expect(stdout).toMatch(
    /1\. register with a blank name\s+refused as expected, BAD_USER_INPUT \{"name":"REQUIRED"\}/,
  );
  expect(stdout).toMatch(/2\. register\s+ok/);
  expect(stdout).toMatch(/3\. register the same email again\s+refused as expected, EMAIL_TAKEN/);
  expect(stdout).toMatch(/4\. log in\s+ok/);
  expect(stdout).toMatch(/5\. read my profile\s+ok/);
  expect(stdout).toMatch(/"name":"Example User Renamed"/);
  expect(stdout).toMatch(/7\. log out\s+ok/);
  expect(stdout).toMatch(
    /8\. read the profile after logout\s+refused as expected, UNAUTHENTICATED/,
  );
});

it('walks the rest of the lifecycle, reading tokens from the outbox (npm run example:lifecycle)', async () => {
  const tsx = path.resolve('node_modules/.bin/tsx');
  const environment = { ...process.env, API_URL: api.url, OUTBOX_DIR: api.outboxDir };
  const { stdout } = await run(tsx, ['examples/lifecycle.ts'], { env: environment });

  expect(stdout).toMatch(/emailVerified: true/);
  expect(stdout).toMatch(/7\. refresh on the ended session\s+refused as expected, UNAUTHENTICATED/);
  expect(stdout).toMatch(/email is now lifecycle-moved-/);
  expect(stdout).toMatch(/13\. log out everywhere\s+ok/);
  expect(stdout).toMatch(
    /16\. log in to the deleted account\s+refused as expected, INVALID_CREDENTIALS/,
  );
  expect(stdout).toMatch(/Every step behaved as expected\./);
});
