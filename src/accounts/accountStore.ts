import type { Database, Queryable } from '../database/database.js';

/** The User fields the API returns; the password hash and email key never leave this file. */
export interface AccountView {
  id: string;
  email: string;
  emailVerified: boolean;
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

export interface StoredCredentials {
  userId: string;
  passwordHash: string;
}

/** Cypher projection of a User node `u` into an AccountView. */
export const accountView = `u {.id, .email, .name, .company,
  emailVerified: coalesce(u.emailVerified, false),
  createdAt: toString(u.createdAt), updatedAt: toString(u.updatedAt)}`;

/** The Cypher of User nodes. Email uniqueness is the emailKey constraint's job. */
export class AccountStore {
  constructor(private readonly db: Database) {}

  /** Throws a constraint violation when the email key exists already. */
  async create(q: Queryable, account: NewAccount, now: Date): Promise<AccountView> {
    const [created] = await q.run<{ user: AccountView }>(
      `CREATE (u:User {id: $account.userId, email: $account.email, emailKey: $account.emailKey,
                       emailVerified: false, name: $account.name, company: $account.company,
                       passwordHash: $account.passwordHash, createdAt: datetime($now)})
       RETURN ${accountView} AS user`,
      { account, now: now.toISOString() },
    );
    return created!.user;
  }

  async view(userId: string): Promise<AccountView | undefined> {
    const [found] = await this.db.read<{ user: AccountView }>(
      `MATCH (u:User {id: $userId}) RETURN ${accountView} AS user`,
      { userId },
    );
    return found?.user;
  }

  async findCredentials(emailKey: string): Promise<StoredCredentials | undefined> {
    const [found] = await this.db.read<StoredCredentials>(
      'MATCH (u:User {emailKey: $emailKey}) RETURN u.id AS userId, u.passwordHash AS passwordHash',
      { emailKey },
    );
    return found;
  }

  async credentialsOf(userId: string): Promise<StoredCredentials | undefined> {
    const [found] = await this.db.read<StoredCredentials>(
      'MATCH (u:User {id: $userId}) RETURN u.id AS userId, u.passwordHash AS passwordHash',
      { userId },
    );
    return found;
  }

  /**
   * Replaces the hash only if it is still the one the caller checked the password against:
   * a concurrent change or reset must not be undone by a check that read the old hash. The
   * first SET takes the User's write lock, so the comparison sees every committed change.
   */
  async replacePasswordHash(
    q: Queryable,
    userId: string,
    checkedHash: string,
    passwordHash: string,
  ): Promise<boolean> {
    const replaced = await q.run(
      `MATCH (u:User {id: $userId})
       SET u.passwordLock = true
       REMOVE u.passwordLock
       WITH u WHERE u.passwordHash = $checkedHash
       SET u.passwordHash = $passwordHash
       RETURN u.id`,
      { userId, checkedHash, passwordHash },
    );
    return replaced.length > 0;
  }

  async setPasswordHash(q: Queryable, userId: string, passwordHash: string): Promise<void> {
    await q.run('MATCH (u:User {id: $userId}) SET u.passwordHash = $passwordHash', {
      userId,
      passwordHash,
    });
  }

  async markEmailVerified(q: Queryable, userId: string): Promise<AccountView | undefined> {
    const [updated] = await q.run<{ user: AccountView }>(
      `MATCH (u:User {id: $userId}) SET u.emailVerified = true RETURN ${accountView} AS user`,
      { userId },
    );
    return updated?.user;
  }

  /** Sets a confirmed new address; throws a constraint violation when it was taken meanwhile. */
  async changeEmail(
    q: Queryable,
    userId: string,
    email: { email: string; emailKey: string },
    now: Date,
  ): Promise<AccountView | undefined> {
    const [updated] = await q.run<{ user: AccountView }>(
      `MATCH (u:User {id: $userId})
       SET u.email = $email, u.emailKey = $emailKey, u.emailVerified = true,
           u.updatedAt = datetime($now)
       RETURN ${accountView} AS user`,
      { userId, ...email, now: now.toISOString() },
    );
    return updated?.user;
  }

  /**
   * Removes the user with everything that hangs off it: sessions, their used refresh tokens and
   * mailed tokens. The user and then its sessions are locked before anything is collected, so
   * what a racing request adds is either in the list deleted here or never written.
   */
  async delete(q: Queryable, userId: string): Promise<boolean> {
    const [deleted] = await q.run<{ users: number }>(
      `MATCH (u:User {id: $userId})
       SET u.deletedAt = datetime()
       WITH u
       OPTIONAL MATCH (u)-[:HAS_SESSION|HAS_TOKEN]->(owned)
       SET owned.deletedAt = datetime()
       WITH u, collect(owned) AS owned
       CALL (owned) {
         UNWIND owned AS node
         OPTIONAL MATCH (node)-[:USED_REFRESH_TOKEN]->(used)
         RETURN collect(DISTINCT used) AS used
       }
       FOREACH (node IN owned + used | DETACH DELETE node)
       DETACH DELETE u
       RETURN count(*) AS users`,
      { userId },
    );
    return Number(deleted?.users ?? 0) > 0;
  }
}
