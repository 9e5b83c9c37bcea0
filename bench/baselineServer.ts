// The hand-written baseline for `me`: the API's own HTTP stack (security headers, request ids
// and logs, CORS, the JSON body parser, the error handlers), the same token check
// (AccessTokens, same config), then one Cypher query for the session and the user. No GraphQL.
// Run by the bench as a separate process:
//   node --import tsx bench/baselineServer.ts   (env as the API's, plus PORT)
import { AccessTokens } from '../src/auth/accessToken.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { createDriver } from '../src/database/driver.js';
import { httpErrorHandler, notFoundHandler } from '../src/httpErrors.js';
import { createHttpApp, graphqlEndpointLayers } from '../src/httpStack.js';
import { createLogger } from '../src/logger.js';
import { readMe } from './meQuery.js';

const config = loadConfig();
const driver = createDriver({ ...config.neo4j, uri: config.neo4j.uri! });
const accessTokens = new AccessTokens(config.tokens, systemClock);
const unauthenticated = {
  errors: [{ message: 'You need to sign in.', extensions: { code: 'UNAUTHENTICATED' } }],
  data: null,
};

const app = createHttpApp({ logger: createLogger(config.logLevel), trustProxy: config.trustProxy });
app.get('/health', (_request, response) => {
  response.json({ status: 'ok' });
});
app.post('/graphql', ...graphqlEndpointLayers(config.corsOrigins), async (request, response) => {
  const token = /^Bearer ([\w.~+/=-]+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const claims = token ? accessTokens.verify(token) : undefined;
  const me = claims
    ? await readMe(driver, config.neo4j.database, { userId: claims.sub, sessionId: claims.sid })
    : undefined;
  response.json(me ? { data: { me } } : unauthenticated);
});
app.use(notFoundHandler);
app.use(httpErrorHandler);

const server = app.listen(config.http.port, config.http.host);

function stop() {
  server.close();
  void driver.close().then(() => process.exit(0));
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
// Ends with the bench, even when the bench is killed outright.
process.once('disconnect', stop);
