import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';

const HEALTH_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;
const KEPT_OUTPUT_LINES = 40;

export interface ServiceOptions {
  name: string;
  nodeArguments: string[];
  env: NodeJS.ProcessEnv;
  /** Answers 200 once the service is ready. */
  healthUrl: string;
  /** Called with each line the service writes to stdout (JSON log lines for the API). */
  onLine?: (line: string) => void;
}

/** A Node.js child process that serves HTTP, with an IPC channel to it. */
export interface Service {
  name: string;
  pid: number;
  child: ChildProcess;
  /** From spawn to the first `200` of the health URL. */
  startupMs: number;
  /** Its last lines of output, for the error message when something goes wrong. */
  recentOutput(): string;
  stop(): Promise<void>;
}

/** Services started and not yet stopped, for the clean-up on Ctrl-C. */
const running = new Set<Service>();

export async function stopRunningServices(): Promise<void> {
  await Promise.all([...running].map((service) => service.stop()));
}

/** Spawns `node <nodeArguments>` and resolves once its health URL answers 200. */
export async function startService(options: ServiceOptions): Promise<Service> {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, options.nodeArguments, {
    env: options.env,
    // The IPC channel carries the lag probe's messages, and closes when the bench dies.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const output: string[] = [];
  const keep = (line: string) => {
    output.push(line);
    if (output.length > KEPT_OUTPUT_LINES) output.shift();
  };
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    keep(line);
    options.onLine?.(line);
  });
  readline.createInterface({ input: child.stderr! }).on('line', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const recentOutput = () => output.join('\n');

  const service: Service = {
    name: options.name,
    pid: child.pid ?? -1,
    child,
    startupMs: 0,
    recentOutput,
    async stop() {
      running.delete(service);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(service);

  try {
    await waitForHealth(options.healthUrl, exited);
  } catch (error) {
    await service.stop();
    throw new Error(`${options.name} did not start: ${String(error)}\n${recentOutput()}`);
  }
  service.startupMs = performance.now() - spawnedAt;
  return service;
}

async function waitForHealth(url: string, exited: Promise<void>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (gone) throw new Error('the process exited');
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${url} did not answer 200 within ${HEALTH_TIMEOUT_MS / 1000} s`);
}

/** A TCP port on loopback that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
