import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// Node loads graphql's CommonJS build for every package; Vite would give our own files its ESM
// build, and the two copies' classes differ. Resolve ours to the same file Node uses.
const graphqlEntry = createRequire(import.meta.url).resolve('graphql');

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/neo4jSetup.ts'],
    // Neo4j start-up and bcrypt dominate; real timeouts catch hangs, not slowness.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2 } },
    // Files share their fork's module cache: each file starts its own API anyway, and loading
    // @neo4j/graphql and Apollo once per fork instead of once per file saves minutes.
    isolate: false,
    reporters: process.env.CI ? ['verbose'] : ['default'],
  },
});
