// Headless Chromium from Debian's package, driven by playwright-core, with the checks every
// browser test makes: no console or page errors, and no request to any other host.
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);

export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(
      `No Chromium at ${chromiumPath}: apt-get install chromium, or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
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
  });
}

/**
 * A browser context whose requests may reach this machine only; everything else is recorded
 * in `problems` and never sent, like console and page errors.
 */
export async function localContext(
  browser: Browser,
): Promise<{ context: BrowserContext; problems: string[] }> {
  const problems: string[] = [];
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (LOCAL_HOSTS.has(url.hostname)) return route.continue();
    problems.push(`request to another host: ${url.href}`);
    return route.abort('blockedbyclient');
  });
  context.on('page', (page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  });
  return { context, problems };
}
