// The built server as a process (like npm start, against the test run's Neo4j), stopped with
// SIGTERM while a request is still running.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { describe, expect, inject, it } from 'vitest';
import { register, validRegistration } from '../support/accounts.js';
import { freePort } from '../support/freePort.js';
import { TEST_JWT_SECRET, TEST_PASSWORD_PEPPER } from '../support/testApi.js';

describe('SECURITY 27: SIGTERM stops accepting, finishes in-flight requests and closes the driver', () => {
  it('answers a registration that was running when SIGTERM came, then exits cleanly', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accounts-shutdown-'));
    const port = await freePort();
    const child = spawn(process.execPath, ['dist/main.js'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        NEO4J_URI: inject('neo4jUri'),
        PORT: String(port),
        DATA_DIR: dataDir,
        JWT_SECRET: TEST_JWT_SECRET,
        PASSWORD_PEPPER: TEST_PASSWORD_PEPPER,
        BCRYPT_COST: '13', // a slow hash keeps the registration in flight
        LOG_LEVEL: 'info',
      },
    });
    const events: string[] = [];
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const ready = new Promise<string>((resolve) => {
      readline.createInterface({ input: child.stdout }).on('line', (line) => {
        const entry = JSON.parse(line) as { event?: string; url?: string };
        if (entry.event) events.push(entry.event);
        if (entry.event === 'ready') resolve(entry.url!);
      });
    });

    try {
      const url = await ready;
      const inFlight = register(url, validRegistration());
      await new Promise((resolve) => setTimeout(resolve, 150));
      child.kill('SIGTERM');

      const response = await inFlight;
      expect(response.errors).toEqual([]);
      expect(response.data?.register.accessToken).toBeTruthy();
      expect(await exited).toBe(0);
      expect(events.indexOf('shutdown')).toBeGreaterThan(events.indexOf('ready'));
      expect(events.at(-1)).toBe('stopped');
      await expect(fetch(url)).rejects.toThrow();
    } finally {
      child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
