import type { AddressInfo } from 'node:net';
import type { Driver } from 'neo4j-driver';
import { AccountStore } from './accounts/accountStore.js';
import { Accounts } from './accounts/accounts.js';
import { accountResolvers } from './accounts/resolvers.js';
import { AccessTokens } from './auth/accessToken.js';
import { PasswordHasher } from './auth/passwordHasher.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { buildSchema } from './schema.js';
import { createServer, type Server } from './server.js';

export interface AccountsApi {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  /** Stops accepting, finishes in-flight requests and stops the hashing pool. */
  close(): Promise<void>;
}

export interface ApiDependencies {
  config: Config;
  driver: Driver;
  logger: Logger;
  clock: Clock;
}

/** Wires the accounts API on a ready database and starts listening. */
export async function startAccountsApi({
  config,
  driver,
  logger,
  clock,
}: ApiDependencies): Promise<AccountsApi> {
  const database = config.neo4j.database;
  const hasher = new PasswordHasher(config.passwords);
  await hasher.start();

  const accessTokens = new AccessTokens(config.tokens, clock);
  const accountStore = new AccountStore(driver, database);
  const accounts = new Accounts({
    store: accountStore,
    hasher,
    accessTokens,
    clock,
    passwordMinLength: config.passwords.minLength,
  });

  const started = Date.now();
  const schema = await buildSchema(accountResolvers(accounts), { driver, logger });
  logger.info({ event: 'schema_built', durationMs: Date.now() - started }, 'schema built');

  const server = await createServer({
    schema,
    driver,
    logger,
    isProduction: config.isProduction,
    accessTokens,
    accountStore,
    clock,
    database,
  });
  const { httpServer, apollo } = server;
  await listen(httpServer, config.http.host, config.http.port);

  const { address, port } = httpServer.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}/graphql`,
    async close() {
      await apollo.stop();
      await hasher.close();
    },
  };
}

function listen(httpServer: Server['httpServer'], host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    httpServer.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE') return reject(error);
      reject(new Error(`${host}:${port} is already in use: stop what runs there, or set PORT`));
    });
    httpServer.listen(port, host, resolve);
  });
}
