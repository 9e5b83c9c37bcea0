import type { Neo4jGraphQLContext } from '@neo4j/graphql';
import type { Request } from 'express';
import type { SessionStore } from './sessions/sessionStore.js';
import type { AccessTokenClaims, AccessTokens } from './auth/accessToken.js';
import type { Clock } from './clock.js';
import { AccountsError } from './errors.js';
import type { Logger } from './logger.js';

const USER_AGENT_MAX_LENGTH = 256;
const GENERATED_QUERY_TIMEOUT_MS = 10_000;

/** The caller of a request with a valid access token whose session is live. */
export interface Caller {
  userId: string;
  sessionId: string;
}

export interface RequestContext extends Neo4jGraphQLContext {
  requestId: string;
  log: Logger;
  clientAddress: string;
  /** The User-Agent header, shortened: shown in the list of sessions. */
  userAgent: string | null;
  caller?: Caller | undefined;
  /** Verified claims only: @neo4j/graphql trusts this as it is. */
  jwt?: AccessTokenClaims | undefined;
}

export interface ContextDependencies {
  accessTokens: AccessTokens;
  sessionStore: SessionStore;
  clock: Clock;
  database: string | undefined;
}

/**
 * Builds a request's context. A bearer token counts only when its signature and claims check
 * out and its session is still live in the database, so a logged-out token is refused on its
 * very next use. A bad token does not fail the request: public operations such as `login` still
 * work, and protected ones answer UNAUTHENTICATED.
 */
export async function buildRequestContext(
  request: Request,
  dependencies: ContextDependencies,
): Promise<RequestContext> {
  // From the socket, or from X-Forwarded-For when TRUST_PROXY says the proxy is ours.
  const clientAddress = request.ip ?? request.socket.remoteAddress ?? 'unknown';
  const base = {
    requestId: request.id as string, // a UUID, from the server's genReqId
    log: request.log.child({ clientAddress }),
    clientAddress,
    userAgent: request.headers['user-agent']?.slice(0, USER_AGENT_MAX_LENGTH) ?? null,
    sessionConfig: { database: dependencies.database },
    // A generated query that runs longer than this is stopped by Neo4j.
    transaction: { timeout: GENERATED_QUERY_TIMEOUT_MS },
  };

  const claims = verifiedClaims(request.headers.authorization, dependencies.accessTokens);
  if (!claims) return base;

  const { sessionStore, clock } = dependencies;
  const live = await sessionStore.isLive(claims.sub, claims.sid, clock.now());
  if (!live) return base;

  return { ...base, caller: { userId: claims.sub, sessionId: claims.sid }, jwt: claims };
}

export function requireCaller(context: RequestContext): Caller {
  if (!context.caller) throw new AccountsError('UNAUTHENTICATED');
  return context.caller;
}

function verifiedClaims(header: string | undefined, accessTokens: AccessTokens) {
  const match = /^Bearer ([\w.~+/=-]+)$/i.exec(header ?? '');
  return match?.[1] ? accessTokens.verify(match[1]) : undefined;
}
