import { Neo4jError, type Driver, type RecordShape } from 'neo4j-driver';

/** The User fields the API returns; the password hash and email key never leave this file. */
export interface AccountView {
  id: string;
  email: string;
  name: string;
  company: string;
  createdAt: string;
  updatedAt: string | null;
}

export interface NewAccount {
  userId: string;
  email: string;
  emailKey: string;
  name: string;
  company: string;
  passwordHash: string;
}

export interface NewSession {
  sessionId: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface StoredCredentials {
  userId: string;
  passwordHash: string;
}

const accountView =
  'u {.id, .email, .name, .company, createdAt: toString(u.createdAt), updatedAt: toString(u.updatedAt)}';

/**
 * The Cypher of the account mutations. Every value travels as a parameter, and each change is
 * one statement, so an account and its first session exist together or not at all.
 */
export class AccountStore {
  constructor(
    private readonly driver: Driver,
    private readonly database: string | undefined,
  ) {}

  /** Creates the account with its first session, or answers 'EMAIL_TAKEN'. */
  async createAccount(
    account: NewAccount,
    session: NewSession,
  ): Promise<AccountView | 'EMAIL_TAKEN'> {
    try {
      const [created] = await this.write<{ user: AccountView }>(
        `CREATE (u:User {id: $account.userId, email: $account.email, emailKey: $account.emailKey,
                         name: $account.name, company: $account.company,
                         passwordHash: $account.passwordHash, createdAt: datetime($createdAt)})
         CREATE (u)-[:HAS_SESSION]->(:Session {id: $sessionId, createdAt: datetime($createdAt),
                                               expiresAt: datetime($expiresAt)})
         RETURN ${accountView} AS user`,
        { account, ...sessionParameters(session) },
      );
      return created!.user;
    } catch (error) {
      // The uniqueness constraint on emailKey decides, also between racing registrations.
      if (
        error instanceof Neo4jError &&
        error.code === 'Neo.ClientError.Schema.ConstraintValidationFailed'
      ) {
        return 'EMAIL_TAKEN';
      }
      throw error;
    }
  }

  async findCredentials(emailKey: string): Promise<StoredCredentials | undefined> {
    const [found] = await this.read<StoredCredentials>(
      'MATCH (u:User {emailKey: $emailKey}) RETURN u.id AS userId, u.passwordHash AS passwordHash',
      { emailKey },
    );
    return found;
  }

  /** Starts a session after a successful login, upgrading the stored hash when one is given. */
  async startSession(
    userId: string,
    session: NewSession,
    upgradedPasswordHash?: string,
  ): Promise<AccountView | undefined> {
    const [started] = await this.write<{ user: AccountView }>(
      `MATCH (u:User {id: $userId})
       SET u.passwordHash = coalesce($upgradedPasswordHash, u.passwordHash)
       CREATE (u)-[:HAS_SESSION]->(:Session {id: $sessionId, createdAt: datetime($createdAt),
                                             expiresAt: datetime($expiresAt)})
       RETURN ${accountView} AS user`,
      { userId, upgradedPasswordHash: upgradedPasswordHash ?? null, ...sessionParameters(session) },
    );
    return started?.user;
  }

  /** Marks the session revoked; true when it was live until now. */
  async endSession(userId: string, sessionId: string, now: Date): Promise<boolean> {
    const [ended] = await this.write<{ ended: number }>(
      `MATCH (:User {id: $userId})-[:HAS_SESSION]->(s:Session {id: $sessionId})
       WHERE s.revokedAt IS NULL
       SET s.revokedAt = datetime($now)
       RETURN count(s) AS ended`,
      { userId, sessionId, now: now.toISOString() },
    );
    return (ended?.ended ?? 0) > 0;
  }

  async isSessionLive(userId: string, sessionId: string, now: Date): Promise<boolean> {
    const [session] = await this.read<{ live: boolean }>(
      `OPTIONAL MATCH (:User {id: $userId})-[:HAS_SESSION]->(s:Session {id: $sessionId})
       RETURN s IS NOT NULL AND s.revokedAt IS NULL AND s.expiresAt > datetime($now) AS live`,
      { userId, sessionId, now: now.toISOString() },
    );
    return session?.live === true;
  }

  private read<T extends RecordShape>(query: string, parameters: object): Promise<T[]> {
    return this.run<T>(query, parameters, 'READ');
  }

  private write<T extends RecordShape>(query: string, parameters: object): Promise<T[]> {
    return this.run<T>(query, parameters, 'WRITE');
  }

  private async run<T extends RecordShape>(
    query: string,
    parameters: object,
    routing: 'READ' | 'WRITE',
  ): Promise<T[]> {
    const result = await this.driver.executeQuery(query, parameters, {
      database: this.database,
      routing,
    });
    return result.records.map((record) => record.toObject() as T);
  }
}

function sessionParameters(session: NewSession) {
  return {
    sessionId: session.sessionId,
    createdAt: session.createdAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
  };
}
