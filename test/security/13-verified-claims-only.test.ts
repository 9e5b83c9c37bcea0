// The server refuses a revoked session's token before @neo4j/graphql runs. These tests take
// that guard away and execute the schema directly with such a token's claims, to show that the
// @authorization rule in schema.graphql holds on its own (defence in depth) for the generated
// operations. (`me` is ours and checks the session in its own query: see 14-*.test.ts.)
import { randomUUID } from 'node:crypto';
import { graphql as execute, type GraphQLSchema } from 'graphql';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDriver } from '../../src/database/driver.js';
import type { RequestContext } from '../../src/requestContext.js';
import { buildSchema } from '../../src/schema.js';
import { createLogger } from '../../src/logger.js';

let driver: Driver;
let schema: GraphQLSchema;
const userId = randomUUID();
const liveSession = randomUUID();
const revokedSession = randomUUID();

beforeAll(async () => {
  driver = createDriver({ uri: inject('neo4jUri'), username: 'neo4j', password: '' });
  schema = await buildSchema({}, { driver });
  await driver.executeQuery(
    `CREATE (u:User {id: $userId, email: $email, emailKey: $email, name: 'Rule', company: 'Tests',
                     createdAt: datetime()})
     CREATE (u)-[:HAS_SESSION]->(:Session {id: $liveSession, createdAt: datetime()})
     CREATE (u)-[:HAS_SESSION]->(:Session {id: $revokedSession, createdAt: datetime(),
                                           revokedAt: datetime()})`,
    { userId, email: `rule-${userId}@example.com`, liveSession, revokedSession },
  );
});
afterAll(async () => {
  await driver?.close();
});

/** A context as if the server had found the session live (the caller guard passes). */
function contextFor(sessionId: string): RequestContext {
  const jwt = { sub: userId, sid: sessionId, jti: randomUUID(), iat: 0, exp: 0, iss: '', aud: '' };
  const caller = { userId, sessionId };
  return {
    requestId: randomUUID(),
    log: createLogger('silent'),
    clientAddress: '127.0.0.1',
    userAgent: null,
    caller,
    jwt,
    checkSession: () => Promise.resolve(caller),
  };
}

describe('the User @authorization rule', () => {
  it('shows the own node to a live session', async () => {
    const result = await execute({
      schema,
      source: '{ users { id } }',
      contextValue: contextFor(liveSession),
    });
    expect(result.data).toEqual({ users: [{ id: userId }] });
  });

  it('hides the node from a revoked session: users and usersConnection', async () => {
    const context = contextFor(revokedSession);
    const users = await execute({ schema, source: '{ users { id } }', contextValue: context });
    expect(users.data).toEqual({ users: [] });

    const connection = await execute({
      schema,
      source: '{ usersConnection { totalCount } }',
      contextValue: context,
    });
    expect(connection.data).toEqual({ usersConnection: { totalCount: 0 } });
  });

  it('lets a revoked session update nothing', async () => {
    const result = await execute({
      schema,
      source: 'mutation { updateUsers(update: { name: { set: "Changed" } }) { users { id } } }',
      contextValue: contextFor(revokedSession),
    });
    expect(result.data).toEqual({ updateUsers: { users: [] } });
    const { records } = await driver.executeQuery(
      'MATCH (u:User {id: $userId}) RETURN u.name AS name',
      { userId },
    );
    expect(records[0]!.get('name')).toBe('Rule');
  });
});
