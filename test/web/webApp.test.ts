// Drives the example web app (examples/web) in headless Chromium against an API started in
// this process: Vite builds the app once and serves the build, forwarding /graphql to the API
// as `npm run web` does in development (WEB_APP_SERVER=dev uses that very dev server instead).
// Each step leaves a screenshot in test-results/web/.
// Any console error, uncaught page error, or request to a host other than this machine fails
// the test.
//
// Needs Chromium at /usr/bin/chromium (Debian: apt-get install chromium), or CHROMIUM_PATH.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build, createServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webAppConfig } from '../../examples/web/vite.config.js';
import { LOGIN, registerUser, strongPassword, uniqueEmail } from '../support/accounts.js';
import { freePort } from '../support/freePort.js';
import { graphql } from '../support/graphql.js';
import { mailTo } from '../support/outbox.js';
import { startTestApi, type TestApi } from '../support/testApi.js';
import { TestClock } from '../support/testClock.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const artefacts = path.resolve('test-results/web');
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);
const devServer = process.env.WEB_APP_SERVER === 'dev';

let outDir: string;
let browser: Browser;

beforeAll(async () => {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(
      `No Chromium at ${chromiumPath}: apt-get install chromium, or set CHROMIUM_PATH`,
    );
  }
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accounts-web-build-'));
  fs.rmSync(artefacts, { recursive: true, force: true });
  fs.mkdirSync(artefacts, { recursive: true });
  const building = devServer
    ? undefined
    : build({
        // The API's address matters only to the servers started below.
        ...webAppConfig({ apiUrl: 'http://127.0.0.1/graphql', outDir }),
        configFile: false,
        logLevel: 'warn',
      });
  [browser] = await Promise.all([
    chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-gpu',
        '--no-first-run',
      ],
    }),
    building,
  ]);
});

afterAll(async () => {
  await browser?.close();
  if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
});

/** The API and, in front of it, the built web app, whose address the API's mail links use. */
interface WebApp {
  api: TestApi;
  origin: string;
  close(): Promise<void>;
}

async function serveWebApp(environment: Record<string, string> = {}, clock?: TestClock) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const api = await startTestApi({ APP_URL: origin, ...environment }, clock);
  const config = {
    ...webAppConfig({ apiUrl: api.url, port, outDir }),
    configFile: false as const,
    logLevel: 'warn' as const,
    // The dev server's pre-bundled dependencies: made at start, in a folder of this run's own.
    cacheDir: path.join(outDir, 'vite-cache'),
    optimizeDeps: { include: ['@urql/core'] },
  };
  let server: { close(): Promise<void> };
  try {
    server = devServer ? await (await createServer(config)).listen() : await preview(config);
  } catch (error) {
    await api.close();
    throw error;
  }
  return {
    api,
    origin,
    async close() {
      await server.close();
      await api.close();
    },
  } satisfies WebApp;
}

interface GraphQLExchange {
  operation: string;
  /** The `extensions.code` of each error in the answer. */
  errors: (string | undefined)[];
}

/** A fresh browser context (its own localStorage) with the checks, and a screenshot helper. */
class Tab {
  readonly problems: string[] = [];
  readonly exchanges: GraphQLExchange[] = [];
  private readonly pending: Promise<void>[] = [];
  private shots = 0;

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly name: string,
  ) {
    page.on('console', (message) => {
      if (message.type() === 'error') this.problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.problems.push(`page error: ${error.message}`));
    page.on('requestfinished', (request) => {
      if (new URL(request.url()).pathname !== '/graphql') return;
      this.pending.push(
        (async () => {
          const { operationName } = request.postDataJSON() as { operationName?: string };
          const body = (await (await request.response())?.json()) as {
            errors?: { extensions?: { code?: string } }[];
          };
          const errors = (body.errors ?? []).map((error) => error.extensions?.code);
          this.exchanges.push({ operation: operationName ?? '?', errors });
        })(),
      );
    });
  }

  static async open(name: string): Promise<Tab> {
    const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
    const tab = new Tab(context, await context.newPage(), name);
    // Nothing may leave this machine: such requests are recorded and never sent.
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (LOCAL_HOSTS.has(url.hostname)) return route.continue();
      tab.problems.push(`request to another host: ${url.href}`);
      return route.abort('blockedbyclient');
    });
    return tab;
  }

  /** Saves a full-page screenshot as test-results/web/<test>-<nn>-<step>.png. */
  async shot(step: string): Promise<void> {
    this.shots += 1;
    const file = `${this.name}-${String(this.shots).padStart(2, '0')}-${step}.png`;
    await this.page.screenshot({ path: path.join(artefacts, file), fullPage: true });
  }

  /** The GraphQL operations sent so far, with their outcomes, in the order they finished. */
  async graphqlLog(): Promise<GraphQLExchange[]> {
    await Promise.all(this.pending);
    return [...this.exchanges];
  }

  async close(): Promise<void> {
    await Promise.all(this.pending);
    await this.context.close();
    expect(this.problems).toEqual([]);
  }
}

/** The link of the newest message with this subject to this address (waits for it). */
async function mailedLink(outboxDir: string, address: string, subject: string, page: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const mail = (await mailTo(outboxDir, address)).filter((m) => m.subject === subject).at(-1);
    const links = mail?.text.match(/https?:\/\/[^\s<>"]+/g) ?? [];
    const link = links.find((url) => new URL(url).pathname === page);
    if (link) return link;
    if (Date.now() > deadline) throw new Error(`no "${subject}" message to ${address}`);
    await sleep(100);
  }
}

async function text(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).textContent()) ?? '';
}

async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

async function navTo(page: Page, name: string, pathname: string): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
  await page.waitForURL((url) => url.pathname === pathname);
}

describe('the example web app', () => {
  let app: WebApp;
  beforeAll(async () => {
    app = await serveWebApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('registers, logs in, saves the profile, logs out and then guards the profile', async () => {
    const tab = await Tab.open('account');
    const { page } = tab;
    const email = uniqueEmail('web');
    const password = strongPassword();
    const input = { name: 'Ada Lovelace', email, company: 'Analytical Engines', password };

    await page.goto(`${app.origin}/`);
    await page.getByText('You are not signed in.').waitFor();
    await tab.shot('home');

    // A blank company: the API's reason is shown next to that field.
    await navTo(page, 'Register', '/register');
    await page.getByLabel('Name').fill(input.name);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Company').fill('   ');
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByLabel('Repeat the password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('#register-company-error').getByText('Please fill this in.').waitFor();
    expect(await page.locator('#register-company').getAttribute('aria-invalid')).toBe('true');
    expect(await text(page, '#register-message')).toBe('Please correct the fields marked below.');
    expect(await text(page, '#register-name-error')).toBe('');
    await tab.shot('register-blank-company');

    // Passwords that differ are caught in the browser: nothing is sent.
    const registrations = (await tab.graphqlLog()).length;
    await page.getByLabel('Company').fill(input.company);
    await page.getByLabel('Repeat the password').fill(`${password} typo`);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page
      .locator('#register-confirmPassword-error')
      .getByText('The two passwords do not match.')
      .waitFor();
    expect(await text(page, '#register-company-error')).toBe('');
    expect(await tab.graphqlLog()).toHaveLength(registrations);
    await tab.shot('register-password-mismatch');

    await page.getByLabel('Repeat the password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL((url) => url.pathname === '/profile');
    await page.locator('#summary-name').getByText(input.name).waitFor();
    expect(await text(page, '.notice')).toBe(
      `Welcome, ${input.name}! We sent a link to ${email} to confirm the address.`,
    );
    expect(await text(page, '#summary-email')).toContain('not confirmed');
    await tab.shot('registered');

    // The confirmation link from the mail, opened in the browser.
    const verifyLink = await mailedLink(
      app.api.outboxDir,
      email,
      'Confirm your email address',
      '/verify-email',
    );
    expect(verifyLink.startsWith(`${app.origin}/verify-email?token=`)).toBe(true);
    await page.goto(verifyLink);
    await page.getByText(`Thank you: ${email} is confirmed.`).waitFor();
    expect(page.url()).toBe(`${app.origin}/verify-email`); // the token left the address bar
    await tab.shot('email-confirmed');

    await navTo(page, 'Log out', '/login');
    await page.getByText('You have been logged out.').waitFor();

    // The same address again, in other capitals: EMAIL_TAKEN, with a way to log in.
    await navTo(page, 'Register', '/register');
    await page.getByLabel('Name').fill('Someone Else');
    await page.getByLabel('Email').fill(email.toUpperCase());
    await page.getByLabel('Company').fill('Elsewhere Ltd');
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByLabel('Repeat the password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page
      .locator('#register-email-error')
      .getByText('An account with this email already exists.')
      .waitFor();
    expect(await text(page, '#register-message')).toBe(
      'An account with this email already exists.',
    );
    await tab.shot('register-email-taken');

    await page.locator('#register-email-error').getByRole('link', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await logIn(page, email, password);
    await page.waitForURL((url) => url.pathname === '/profile');
    await page.locator('#summary-name').getByText(input.name).waitFor();
    expect(await text(page, '#summary-email')).toBe(`${email} confirmed`);
    expect(await text(page, '#summary-company')).toBe(input.company);
    await tab.shot('profile');

    await page.getByLabel('Name', { exact: true }).fill('Ada King');
    await page.getByLabel('Company', { exact: true }).fill('Difference Engines');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('#profile-message').getByText('Your profile was saved.').waitFor();
    expect(await text(page, '#summary-name')).toBe('Ada King');
    expect(await text(page, '#summary-company')).toBe('Difference Engines');
    await tab.shot('profile-saved');

    // Really saved: in the database, and in the page after a reload.
    const { records } = await app.api.driver.executeQuery(
      'MATCH (user:User {email: $email}) RETURN user.name AS name, user.company AS company',
      { email },
      { database: app.api.config.neo4j.database },
    );
    expect(records.map((record) => record.toObject())).toEqual([
      { name: 'Ada King', company: 'Difference Engines' },
    ]);
    await page.reload();
    await page.locator('#summary-name').getByText('Ada King').waitFor();

    await navTo(page, 'Sessions', '/sessions');
    const current = page.locator('.session.current');
    await current.waitFor();
    expect(await current.textContent()).toContain('HeadlessChrome on Linux');
    expect(await current.textContent()).toContain('this browser');
    await tab.shot('sessions');

    await navTo(page, 'Log out', '/login');
    await page.getByText('You have been logged out.').waitFor();
    await tab.shot('logged-out');
    expect(await page.evaluate<number>('localStorage.length')).toBe(0);

    // The session really ended: a new sign-in is the only live one.
    const again = await graphql<{ login: { accessToken: string } }>(app.api.url, LOGIN, {
      input: { email, password },
    });
    const live = await graphql<{ sessions: unknown[] }>(
      app.api.url,
      '{ sessions { id } }',
      {},
      again.data!.login.accessToken,
    );
    expect(live.data?.sessions).toHaveLength(1);

    await page.goto(`${app.origin}/profile`);
    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/profile');
    await page.getByText('Please log in to see that page.').waitFor();
    await tab.shot('profile-redirects-to-login');

    await tab.close();
  });

  it('resets a forgotten password from the mailed link, then signs in with the new one', async () => {
    const tab = await Tab.open('reset');
    const { page } = tab;
    const user = await registerUser(app.api.url, 'web-reset');

    await page.goto(`${app.origin}/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.waitForURL((url) => url.pathname === '/forgot-password');
    await page.getByLabel('Email').fill(user.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByText('a message with a link is on its way').waitFor();
    await tab.shot('reset-requested');

    const link = await mailedLink(
      app.api.outboxDir,
      user.email,
      'Reset your password',
      '/reset-password',
    );
    expect(link.startsWith(`${app.origin}/reset-password?token=`)).toBe(true);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    expect(page.url()).toBe(`${app.origin}/reset-password`);

    const newPassword = strongPassword();
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Repeat the new password').fill(newPassword);
    await tab.shot('reset-form');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.waitForURL((url) => url.pathname === '/profile');
    await page.getByText('Your password was reset').waitFor();
    await page.locator('#summary-email').getByText(user.email).waitFor();
    await tab.shot('reset-done');

    await navTo(page, 'Log out', '/login');
    await logIn(page, user.email, user.password);
    await page.locator('#login-message').getByText('The email or password is incorrect.').waitFor();
    await tab.shot('old-password-refused');

    await logIn(page, user.email, newPassword);
    await page.waitForURL((url) => url.pathname === '/profile');
    await page.locator('#summary-email').getByText(user.email).waitFor();
    await tab.shot('new-password-accepted');

    // The link works once.
    await page.goto(link);
    await page.getByLabel('New password', { exact: true }).fill(strongPassword());
    await page
      .getByLabel('Repeat the new password')
      .fill(await page.getByLabel('New password', { exact: true }).inputValue());
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByText('This link is invalid, has been used already or has expired.').waitFor();
    await tab.shot('link-used');

    await tab.close();
  });
});

describe('the example web app with 3-second access tokens', () => {
  const clock = new TestClock();
  let app: WebApp;
  beforeAll(async () => {
    app = await serveWebApp({ ACCESS_TOKEN_TTL: '3s' }, clock);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('renews the access token silently, and goes to Login once the session has ended', async () => {
    const tab = await Tab.open('refresh');
    const { page } = tab;
    const user = await registerUser(app.api.url, 'web-refresh');
    const operations = async (from: number) =>
      (await tab.graphqlLog())
        .slice(from)
        .map(({ operation, errors }) =>
          errors.length > 0 ? `${operation} ${errors.join(',')}` : operation,
        );

    await page.goto(`${app.origin}/login`);
    await logIn(page, user.email, user.password);
    await page.waitForURL((url) => url.pathname === '/profile');
    await page.locator('#summary-name').getByText(user.name).waitFor();
    await navTo(page, 'Home', '/');
    await page.getByText(`Signed in as ${user.name}`).waitFor();

    // 1. The access token expires; the next page renews it before asking for the profile.
    await sleep(3_200);
    let seen = (await tab.graphqlLog()).length;
    await navTo(page, 'Profile', '/profile');
    await page.locator('#summary-name').getByText(user.name).waitFor();
    expect(await operations(seen)).toEqual(['WebRefreshSession', 'WebMe']);
    await tab.shot('profile-after-expiry');

    // 2. A reload loses the access token (it is only in memory); the refresh token brings a
    // new one. The server's clock runs a minute ahead from here, so the new token looks valid
    // to the browser for a minute.
    clock.advanceSeconds(60);
    seen = (await tab.graphqlLog()).length;
    await page.reload();
    await page.locator('#summary-name').getByText(user.name).waitFor();
    expect(await operations(seen)).toEqual(['WebRefreshSession', 'WebMe']);
    // Run in the page, where the storages exist (this file is type-checked for Node).
    const stored = await page.evaluate<string>(
      'JSON.stringify({ ...localStorage, ...sessionStorage })',
    );
    expect(Object.keys(JSON.parse(stored) as object)).toEqual(['accounts.refreshToken']);
    expect(stored).not.toContain('eyJ'); // no JWT (the access token) in either storage

    // 3. The API refuses the token before the browser expects it to (the server's clock moves
    // past its expiry): UNAUTHENTICATED, one refresh, the same request again.
    clock.advanceSeconds(60);
    seen = (await tab.graphqlLog()).length;
    await navTo(page, 'Home', '/');
    await page.getByText(`Signed in as ${user.name}`).waitFor();
    expect(await operations(seen)).toEqual(['WebMe UNAUTHENTICATED', 'WebRefreshSession', 'WebMe']);
    await tab.shot('home-after-refused-token');

    // 4. The session ends elsewhere (logout everywhere from another device): the refresh is
    // refused too, and the page goes to Login, coming back to Sessions afterwards.
    const other = await graphql<{ login: { accessToken: string } }>(app.api.url, LOGIN, {
      input: { email: user.email, password: user.password },
    });
    const ended = await graphql(
      app.api.url,
      'mutation { logoutEverywhere }',
      {},
      other.data!.login.accessToken,
    );
    expect(ended.data?.logoutEverywhere).toBeGreaterThanOrEqual(2);
    seen = (await tab.graphqlLog()).length;
    await navTo(page, 'Sessions', '/login');
    await page.getByText('Your session has ended. Please log in again.').waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/sessions');
    expect(await operations(seen)).toEqual([
      'WebSessions UNAUTHENTICATED',
      'WebRefreshSession UNAUTHENTICATED',
    ]);
    expect(await page.evaluate<number>('localStorage.length')).toBe(0);
    await tab.shot('session-ended');

    // Logging in again comes back to the page asked for.
    await logIn(page, user.email, user.password);
    await page.waitForURL((url) => url.pathname === '/sessions');
    await page.locator('.session.current').waitFor();
    await tab.shot('sessions-after-login');

    await tab.close();
  });
});
