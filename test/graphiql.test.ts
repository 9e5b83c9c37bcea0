// The browser IDE that opening the endpoint shows: GraphiQL, served by the API itself, in a
// headless Chromium whose network reaches this machine only.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from './support/accounts.js';
import { launchChromium, localContext } from './support/browser.js';
import { startTestApi, useTestApi } from './support/testApi.js';

const artefacts = path.resolve('test-results/graphiql');
const api = useTestApi();
let browser: Browser;

beforeAll(async () => {
  fs.mkdirSync(artefacts, { recursive: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('GraphiQL', () => {
  it('loads offline from the API and runs `me` with an Authorization header', async () => {
    const user = await registerUser(api().url, 'graphiql');
    const { context, problems } = await localContext(browser);
    const page = await context.newPage();

    await page.goto(api().url);
    await page.locator('.graphiql-container').waitFor();
    await page.screenshot({ path: path.join(artefacts, '01-loaded.png') });

    // Replace the example query, and put the token in the Headers editor.
    const queryEditor = page.locator('.graphiql-query-editor .CodeMirror');
    await queryEditor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('{ me { id email } }');
    await page.getByText('Headers', { exact: true }).click();
    const headersEditor = page.locator('.graphiql-editor-tool .CodeMirror').last();
    await headersEditor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(`{"Authorization": "Bearer ${user.accessToken}"`);

    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.result-window');
    await result.getByText(user.id).waitFor();
    expect(await result.textContent()).toContain(user.email);
    await page.screenshot({ path: path.join(artefacts, '02-me.png') });

    // The schema's documentation is there too.
    await page.locator('[aria-label="Show Documentation Explorer"]').click();
    await page.getByText('Query', { exact: true }).first().waitFor();
    await page.screenshot({ path: path.join(artefacts, '03-docs.png') });

    await context.close();
    expect(problems).toEqual([]);
  });

  it('is off in production unless GRAPHIQL=true', async () => {
    const production = {
      NODE_ENV: 'production',
      BCRYPT_COST: '10',
      SMTP_URL: 'smtp://127.0.0.1:2525',
    };
    for (const [graphiql, shown] of [
      [undefined, false],
      ['true', true],
    ] as const) {
      const other = await startTestApi({ ...production, ...(graphiql && { GRAPHIQL: graphiql }) });
      try {
        const response = await fetch(other.url, { headers: { accept: 'text/html' } });
        expect((await response.text()).includes('GraphiQL')).toBe(shown);
      } finally {
        await other.close();
      }
    }
  });
});
