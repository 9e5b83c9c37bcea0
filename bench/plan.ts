/** How long and how hard each scenario runs: the full run, or the quick one (under 2 minutes). */
export interface BenchPlan {
  quick: boolean;
  /** Start the API this many times just to time its start-up. */
  startupRuns: number;
  /** Registered up front: `me` tokens (one per connection, reused round-robin) and logins. */
  users: number;
  /** bcrypt hashes timed to find the cost of one. */
  hashSamples: number;
  /** How long the API's hashing pool runs flat out on its own, without the API. */
  poolSeconds: number;
  meConcurrencies: number[];
  /** API and baseline take turns this many times per concurrency; the median counts. */
  meRounds: number;
  meSeconds: number;
  warmupSeconds: number;
  ceilingSeconds: number;
  loginConcurrency: number;
  loginSeconds: number;
  registerConcurrency: number;
  registerSeconds: number;
  /** Length of the idle window and of the login flood; `me` probes at a fixed rate in both. */
  floodSeconds: number;
  probeConnections: number;
  probeRate: number;
}

const full: BenchPlan = {
  quick: false,
  startupRuns: 3,
  users: 16,
  hashSamples: 5,
  poolSeconds: 10,
  meConcurrencies: [1, 16, 64],
  meRounds: 3,
  meSeconds: 10,
  warmupSeconds: 3,
  ceilingSeconds: 10,
  loginConcurrency: 16,
  loginSeconds: 30,
  registerConcurrency: 16,
  registerSeconds: 20,
  floodSeconds: 30,
  probeConnections: 2,
  probeRate: 50,
};

const quick: BenchPlan = {
  ...full,
  quick: true,
  startupRuns: 1,
  hashSamples: 2,
  poolSeconds: 3,
  meRounds: 1,
  meSeconds: 2,
  warmupSeconds: 1,
  ceilingSeconds: 1.5,
  loginSeconds: 6,
  registerSeconds: 5,
  floodSeconds: 7,
};

export interface BenchOptions {
  plan: BenchPlan;
  /** Skip `npm run build` (dist/ is already current). */
  skipBuild: boolean;
}

export function parseArguments(args: string[]): BenchOptions {
  const known = new Set(['--quick', '--no-build']);
  const unknown = args.filter((arg) => !known.has(arg));
  if (unknown.length > 0) {
    throw new Error(
      `unknown option ${unknown.join(' ')}; usage: npm run bench [-- --quick] [--no-build]`,
    );
  }
  return { plan: args.includes('--quick') ? quick : full, skipBuild: args.includes('--no-build') };
}
