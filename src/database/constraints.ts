import type { Driver } from 'neo4j-driver';

/**
 * Uniqueness is the database's job: these constraints make duplicate emails impossible even
 * when registrations race, and give every look-up (by id, email key or token hash) an index.
 */
const constraints = [
  'CREATE CONSTRAINT user_id_unique IF NOT EXISTS FOR (u:User) REQUIRE u.id IS UNIQUE',
  'CREATE CONSTRAINT user_email_key_unique IF NOT EXISTS FOR (u:User) REQUIRE u.emailKey IS UNIQUE',
  'CREATE CONSTRAINT session_id_unique IF NOT EXISTS FOR (s:Session) REQUIRE s.id IS UNIQUE',
  'CREATE CONSTRAINT used_refresh_token_unique IF NOT EXISTS FOR (t:UsedRefreshToken) REQUIRE t.hash IS UNIQUE',
  'CREATE CONSTRAINT account_token_unique IF NOT EXISTS FOR (t:AccountToken) REQUIRE t.hash IS UNIQUE',
  'CREATE INDEX session_refresh_token IF NOT EXISTS FOR (s:Session) ON (s.refreshTokenHash)',
];

export async function createConstraints(driver: Driver, database?: string): Promise<void> {
  for (const statement of constraints) {
    await driver.executeQuery(statement, {}, { database });
  }
  await driver.executeQuery('CALL db.awaitIndexes(60)', {}, { database });
}
