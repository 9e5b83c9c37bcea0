import { describe, expect, it } from 'vitest';
import { useTestApi } from '../support/testApi.js';

const ALLOWED = 'https://app.example.com';
const api = useTestApi({ CORS_ORIGINS: ALLOWED });

describe("SECURITY 25: Apollo's CSRF prevention, no mutations over GET, CORS for configured origins", () => {
  it('refuses a simple POST a form or another site could send (text/plain)', async () => {
    const response = await fetch(api().url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: 'mutation { logout }' }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/Cross-Site Request Forgery/);
  });

  it('refuses a GET without a preflight header, and a mutation over GET', async () => {
    const url = new URL(api().url);
    url.searchParams.set('query', '{ __typename }');
    expect((await fetch(url)).status).toBe(400);

    url.searchParams.set('query', 'mutation { logout }');
    const mutation = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(mutation.status).toBe(405);
  });

  it('allows only the configured origins', async () => {
    const preflight = (origin: string) =>
      fetch(api().url, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, authorization',
        },
      });
    const allowed = await preflight(ALLOWED);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    const other = await preflight('https://evil.example.net');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends security headers on the HTTP routes', async () => {
    const response = await fetch(new URL('/health', api().url));
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(response.headers.get('x-powered-by')).toBeNull();
  });
});
