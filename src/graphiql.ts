import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';

const require = createRequire(import.meta.url);
const projectRoot = path.resolve(import.meta.dirname, '..');

/** A file of an installed package, also one its "exports" do not list (React's UMD builds). */
const packageFile = (name: string, file: string) =>
  path.join(path.dirname(require.resolve(`${name}/package.json`)), file);

/** The files GraphiQL needs, from the npm packages, under /graphiql/ on this server. */
const assets: Record<string, string> = {
  'react.js': packageFile('react', 'umd/react.production.min.js'),
  'react-dom.js': packageFile('react-dom', 'umd/react-dom.production.min.js'),
  'graphiql.js': packageFile('graphiql', 'graphiql.min.js'),
  'graphiql.css': packageFile('graphiql', 'graphiql.min.css'),
  'start.js': path.join(projectRoot, 'public/graphiql/start.js'),
  'page.css': path.join(projectRoot, 'public/graphiql/page.css'),
};

const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Accounts API · GraphiQL</title>
    <link rel="stylesheet" href="/graphiql/graphiql.css" />
    <link rel="stylesheet" href="/graphiql/page.css" />
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script src="/graphiql/react.js"></script>
    <script src="/graphiql/react-dom.js"></script>
    <script src="/graphiql/graphiql.js"></script>
    <script src="/graphiql/start.js"></script>
  </body>
</html>
`;

/**
 * GraphiQL, the browser IDE, for a person who opens the endpoint in a browser: a GET that
 * prefers HTML and carries no query. Everything it loads comes from this server, so it works
 * offline and under a strict Content-Security-Policy (no inline scripts).
 */
export function graphiql(endpoint: string): Router {
  const router = express.Router();
  for (const [name, file] of Object.entries(assets)) {
    router.get(`/graphiql/${name}`, (_request, response) => {
      response.sendFile(file, { maxAge: '1h' });
    });
  }
  // Middleware rather than a GET route: a route would also answer the CORS preflight
  // (OPTIONS) of /graphql itself, before the CORS middleware sees it.
  router.use(endpoint, (request, response, next) => {
    const wantsPage = request.accepts(['application/json', 'text/html']) === 'text/html';
    const isPageRequest = request.method === 'GET' && request.path === '/';
    if (!isPageRequest || !wantsPage || request.query.query !== undefined) return next();
    response.type('html').send(page);
  });
  return router;
}
