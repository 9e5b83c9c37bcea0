import net, { type AddressInfo } from 'node:net';
import type { Driver } from 'neo4j-driver';
import { AccountStore } from './accounts/accountStore.js';
import { Accounts } from './accounts/accounts.js';
import { AccountTokenStore } from './accounts/accountTokenStore.js';
import { EmailFlows } from './accounts/emailFlows.js';
import { PasswordReset } from './accounts/passwordReset.js';
import { accountResolvers, type AccountServices } from './accounts/resolvers.js';
import { RateLimits } from './abuse/rateLimits.js';
import { redisLimiters } from './abuse/redisLimiters.js';
import { AccessTokens } from './auth/accessToken.js';
import { PasswordHasher } from './auth/passwordHasher.js';
import { RefreshTokenChain } from './auth/secretTokens.js';
import { BackgroundTasks } from './backgroundTasks.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { Database } from './database/database.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { AccountMail } from './mail/accountMail.js';
import { Mailer } from './mail/mailer.js';
import { buildSchema } from './schema.js';
import { createServer } from './server.js';
import { SessionStore } from './sessions/sessionStore.js';
import { Sessions } from './sessions/sessions.js';

export interface AccountsApi {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  /** Resolves when background work started so far (mail) has finished. */
  settled(): Promise<void>;
  /** Stops accepting, finishes in-flight requests and background work, stops the hashing pool. */
  close(): Promise<void>;
}

export interface ApiDependencies {
  config: Config;
  driver: Driver;
  logger: Logger;
  clock: Clock;
  /** The registry the logger counts authentication events in (see createLogger). */
  metrics: Metrics;
}

/** Wires the accounts API on a ready database and starts listening. */
export async function startAccountsApi(deps: ApiDependencies): Promise<AccountsApi> {
  const { config, driver, logger, clock } = deps;
  const hasher = new PasswordHasher(config.passwords);
  await hasher.start();
  const tasks = new BackgroundTasks(logger);
  const shared = config.redisUrl ? redisLimiters(config.redisUrl, logger) : undefined;
  const limits = new RateLimits(config.rateLimits, shared?.limiters);
  const mailer = new Mailer(config.mail, tasks);

  const db = new Database(driver, config.neo4j.database);
  const accessTokens = new AccessTokens(config.tokens, clock);
  const sessionStore = new SessionStore(db);
  const parts = { db, hasher, tasks, mailer, limits, accessTokens, sessionStore };
  const services = accountServices({ ...deps, ...parts });

  const started = Date.now();
  const schema = await buildSchema(accountResolvers(services), { driver, logger });
  logger.info({ event: 'schema_built', durationMs: Date.now() - started }, 'schema built');

  deps.metrics.watch(hasher, driver);
  const { httpServer, apollo, readiness } = await createServer({
    schema,
    driver,
    logger,
    isProduction: config.isProduction,
    trustProxy: config.trustProxy,
    corsOrigins: config.corsOrigins,
    graphiql: config.graphiql,
    metrics: deps.metrics,
    accessTokens,
    sessionStore,
    clock,
    database: config.neo4j.database,
  });
  await listen(httpServer, config.http.host, config.http.port);
  readiness.serving = true;

  const { address, port } = httpServer.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}/graphql`,
    settled: () => tasks.settled(),
    async close() {
      readiness.serving = false;
      await apollo.stop();
      await tasks.settled();
      mailer.close();
      await hasher.close();
      await shared?.close();
    },
  };
}

interface ServiceParts extends ApiDependencies {
  db: Database;
  hasher: PasswordHasher;
  tasks: BackgroundTasks;
  mailer: Mailer;
  limits: RateLimits;
  accessTokens: AccessTokens;
  sessionStore: SessionStore;
}

function accountServices(parts: ServiceParts): AccountServices {
  const { config, db, hasher, tasks, clock, limits } = parts;
  const { accountTokens: ttl, passwords } = config;
  const accounts = new AccountStore(db);
  const tokens = new AccountTokenStore(db);
  const mail = new AccountMail(parts.mailer, { appUrl: config.mail.appUrl, ...ttl });

  const sessions = new Sessions({
    db,
    store: parts.sessionStore,
    accessTokens: parts.accessTokens,
    refreshChain: new RefreshTokenChain(config.tokens.secret),
    clock,
    limits,
    settings: config.sessions,
  });
  const shared = {
    db,
    accounts,
    tokens,
    sessions,
    hasher,
    mail,
    clock,
    limits,
    passwordMinLength: passwords.minLength,
  };
  const accountFlows = new Accounts({ ...shared, verifyEmailSeconds: ttl.verifyEmailSeconds });
  return {
    accounts: accountFlows,
    sessions,
    emailFlows: new EmailFlows({ ...shared, tasks, passwords: accountFlows, ...ttl }),
    passwordReset: new PasswordReset({
      ...shared,
      tasks,
      resetPasswordSeconds: ttl.resetPasswordSeconds,
    }),
  };
}

function listen(httpServer: net.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    httpServer.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUse(host, port) : error);
    });
    httpServer.listen(port, host, resolve);
  });
}

export class PortInUse extends Error {
  constructor(host: string, port: number) {
    super(`${host}:${port} is already in use: stop what runs there, or set PORT`);
  }
}

/**
 * Fails at once when the API's port is taken, before a start-up that takes seconds (the
 * bundled Neo4j) would end in the same error. The port can still be taken in between; then
 * `listen` reports it.
 */
export async function ensurePortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = net.createServer();
  await listen(probe, host, port);
  await new Promise((resolve) => probe.close(resolve));
}
