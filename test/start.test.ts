// `npm start` as a user runs it, without NEO4J_URI, so it starts its own bundled Neo4j in
// DATA_DIR. This is the one test that runs a second Neo4j, because starting and stopping that
// database is what it checks.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LOGIN, ME, registerUser } from './support/accounts.js';
import { freePort } from './support/freePort.js';
import { graphql } from './support/graphql.js';

let dataDir: string;
let environment: NodeJS.ProcessEnv;
let boltPort: number;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accounts-start-'));
  boltPort = await freePort();
  const { NEO4J_URI: _external, ...inherited } = process.env;
  environment = {
    ...inherited,
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    NEO4J_DEV_BOLT_PORT: String(boltPort),
    BCRYPT_COST: '4',
    LOG_LEVEL: 'info',
  };
});

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface StartedServer {
  /** The npm process, as a terminal or a process manager sees it. */
  child: ChildProcess;
  /** The API's own process, which npm runs. */
  serverPid: number;
  url: string;
  events: string[];
  exited: Promise<number | null>;
}

/** Runs the server and resolves once it logs that it is ready. */
function startServer(): Promise<StartedServer> {
  const child = spawn('npm', ['start'], {
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const events: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith('{')) return; // npm's own lines
      const entry = JSON.parse(line) as { event?: string; url?: string; pid: number };
      if (entry.event) events.push(entry.event);
      if (entry.event !== 'ready') return;
      resolve({ child, serverPid: entry.pid, url: entry.url!, events, exited });
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    void exited.then((code) =>
      reject(new Error(`server exited with ${code} before ready:\n${errors}`)),
    );
  });
}

function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitUntilClosed(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await portIsOpen(port))) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

it('serves on its own Neo4j, stops it on a signal, and keeps accounts and tokens across a restart', async () => {
  const first = await startServer();
  expect(first.events).toEqual(
    expect.arrayContaining(['neo4j_starting', 'neo4j_ready', 'schema_built', 'ready']),
  );
  const user = await registerUser(first.url, 'restart');

  // A process manager's stop button: SIGTERM to npm reaches the server, which stops Neo4j.
  first.child.kill('SIGTERM');
  expect(await first.exited).toBe(0);
  expect(first.events).toContain('neo4j_stopped');
  expect(isRunning(first.serverPid)).toBe(false);
  expect(await portIsOpen(boltPort)).toBe(false);

  const second = await startServer();
  const me = await graphql<{ me: { id: string } }>(second.url, ME, {}, user.accessToken);
  expect(me.data?.me.id).toBe(user.id);
  const login = await graphql(second.url, LOGIN, {
    input: { email: user.email, password: user.password },
  });
  expect(login.errors).toEqual([]);

  // Ctrl-C in a terminal.
  second.child.kill('SIGINT');
  expect(await second.exited).toBe(0);
  expect(second.events).toContain('neo4j_stopped');
  expect(await portIsOpen(boltPort)).toBe(false);

  // Killed without a chance to clean up, the server cannot stop Neo4j itself; the database
  // notices that its parent is gone (its stdin closes) and shuts down on its own.
  const third = await startServer();
  process.kill(third.serverPid, 'SIGKILL');
  await third.exited;
  expect(await waitUntilClosed(boltPort, 60_000)).toBe(true);
}, 300_000);

it('stops at once, before starting Neo4j, when the API port is taken', async () => {
  const taken = net.createServer();
  const port = await freePort();
  await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve));
  try {
    const child = spawn('node', ['dist/main.js'], {
      env: { ...environment, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    expect(code).toBe(1);
    expect(output).toContain(
      `127.0.0.1:${port} is already in use: stop what runs there, or set PORT`,
    );
    expect(output).not.toContain('neo4j_starting');
  } finally {
    taken.close();
  }
});
