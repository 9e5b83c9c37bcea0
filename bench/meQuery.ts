import type { Driver } from 'neo4j-driver';

/** What the benchmark asks the API for. */
export const ME_DOCUMENT = '{ me { id email name } }';

export interface MeUser {
  id: string;
  email: string;
  name: string;
}

/**
 * The hand-written read: the session's liveness check and the user in one parameterised
 * query, the same condition as SessionStore.isLive.
 */
const ME_CYPHER = `
  MATCH (u:User {id: $userId})-[:HAS_SESSION]->(s:Session {id: $sessionId})
  WHERE s.revokedAt IS NULL AND s.expiresAt > datetime($now)
  RETURN u.id AS id, u.email AS email, u.name AS name`;

/** The caller's user when the session is live, otherwise undefined. */
export async function readMe(
  driver: Driver,
  database: string | undefined,
  caller: { userId: string; sessionId: string },
): Promise<MeUser | undefined> {
  const { records } = await driver.executeQuery(
    ME_CYPHER,
    { ...caller, now: new Date().toISOString() },
    { database, routing: 'READ' },
  );
  return records[0]?.toObject() as MeUser | undefined;
}
