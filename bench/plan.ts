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
  /** Logins and registrations run to a count, not a time: at ~4/s, a few seconds are noise. */
  loginRequests: number;
  registerConcurrency: number;
  registerRequests: number;
  /** Length of the idle window and of the login flood; `me` probes at a fixed rate in both. */
  floodSeconds: number;
  probeConnections: number;
  probeRate: number;
  /** Total `me` connections when comparing one API instance with two. */
  instancesConcurrency: number;
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
  loginRequests: 128,
  registerConcurrency: 16,
  registerRequests: 64,
  floodSeconds: 30,
  probeConnections: 2,
  probeRate: 50,
  instancesConcurrency: 16,
};

const quick: BenchPlan = {
  ...full,
  quick: true,
  startupRuns: 1,
  users: 8,
  hashSamples: 2,
  poolSeconds: 2,
  meRounds: 1,
  meSeconds: 2,
  warmupSeconds: 1,
  ceilingSeconds: 1.5,
  loginRequests: 24,
  registerRequests: 16,
  floodSeconds: 6,
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
