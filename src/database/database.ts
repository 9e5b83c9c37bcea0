import { Neo4jError, type Driver, type RecordShape } from 'neo4j-driver';

/** Something Cypher can run on: the database itself, or one open transaction. */
export interface Queryable {
  run<T extends RecordShape = RecordShape>(query: string, parameters?: object): Promise<T[]>;
}

/**
 * The accounts code's access to Neo4j. Every value travels as a parameter. `transaction` runs
 * several statements as one unit, so an account change is either complete or absent.
 */
export class Database implements Queryable {
  constructor(
    readonly driver: Driver,
    readonly name: string | undefined,
  ) {}

  async run<T extends RecordShape = RecordShape>(
    query: string,
    parameters: object = {},
  ): Promise<T[]> {
    return retryAfterConcurrentDelete(async () => {
      const result = await this.driver.executeQuery(query, parameters, { database: this.name });
      return result.records.map((record) => record.toObject() as T);
    });
  }

  /**
   * A read that must see the latest write of any instance: a session just revoked through
   * another API instance, an account just created there. The driver's bookmarks order the
   * requests of one driver only, so on a cluster these reads go to the leader, like writes.
   */
  read<T extends RecordShape = RecordShape>(query: string, parameters: object = {}): Promise<T[]> {
    return this.run<T>(query, parameters);
  }

  /**
   * Runs `work` in one write transaction, retried as a whole on transient errors: it must do
   * nothing outside the database (send mail after it returns).
   */
  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    // The driver's shared bookmark manager makes later reads see this write, also on a cluster.
    const session = this.driver.session({
      database: this.name,
      bookmarkManager: this.driver.executeQueryBookmarkManager,
    });
    try {
      return await retryAfterConcurrentDelete(() =>
        session.executeWrite((tx) =>
          work({
            async run<R extends RecordShape>(query: string, parameters: object = {}) {
              const result = await tx.run(query, parameters);
              return result.records.map((record) => record.toObject() as R);
            },
          }),
        ),
      );
    } finally {
      await session.close();
    }
  }
}

/**
 * A statement that matched a node another transaction then deleted (an account deleted while
 * its owner logs in elsewhere) fails with EntityNotFound, which the driver does not retry.
 * Run once more: the node is gone by then, and the statement simply matches nothing.
 */
async function retryAfterConcurrentDelete<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(
      error instanceof Neo4jError && error.code === 'Neo.ClientError.Statement.EntityNotFound'
    )) {
      throw error;
    }
    return work();
  }
}

/** A uniqueness constraint refused the write: for example an email key that exists already. */
export function isConstraintViolation(error: unknown): boolean {
  return (
    error instanceof Neo4jError &&
    error.code === 'Neo.ClientError.Schema.ConstraintValidationFailed'
  );
}
