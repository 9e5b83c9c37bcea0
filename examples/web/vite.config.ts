// Serves the example web app (`npm run web`) at http://127.0.0.1:5173 and forwards /graphql to
// the accounts API at API_URL (default http://127.0.0.1:4000/graphql): the browser talks to one
// origin only, so it needs no CORS, and every request is a same-origin JSON POST.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

export interface WebAppOptions {
  /** The API's GraphQL endpoint. */
  apiUrl: string;
  /** Where the app is served, on 127.0.0.1. */
  port?: number;
  /** Where `vite build` writes the app: outside the sources, which the linters check. */
  outDir?: string;
}

export function webAppConfig({
  apiUrl,
  port = 5173,
  outDir = path.resolve(root, '../../dist/web'),
}: WebAppOptions): UserConfig {
  const api = new URL(apiUrl);
  const server = {
    host: '127.0.0.1',
    port,
    strictPort: true,
    proxy: {
      '/graphql': {
        target: api.origin,
        // /graphql?x on the app's origin is API_URL's path on the API's.
        rewrite: (requestPath: string) => api.pathname + requestPath.slice('/graphql'.length),
      },
    },
  };
  return {
    root,
    clearScreen: false,
    server,
    preview: server,
    build: { outDir, emptyOutDir: true },
  };
}

export default defineConfig(
  webAppConfig({ apiUrl: process.env.API_URL ?? 'http://127.0.0.1:4000/graphql' }),
);
