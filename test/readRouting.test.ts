import { describe, expect, it } from 'vitest';
import { routesReadsToFollowers } from '../src/database/driver.js';

describe('which Neo4j addresses may answer reads from a lagging follower', () => {
  it('counts the routing schemes, as used by clusters and Aura', () => {
    for (const uri of ['neo4j://db:7687', 'neo4j+s://x.databases.neo4j.io', 'NEO4J+SSC://db']) {
      expect(routesReadsToFollowers(uri)).toBe(true);
    }
  });

  it('does not count a single server, or the bundled dev Neo4j', () => {
    for (const uri of ['bolt://127.0.0.1:7687', 'bolt+s://db:7687', undefined]) {
      expect(routesReadsToFollowers(uri)).toBe(false);
    }
  });
});
