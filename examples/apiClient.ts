// A small urql client for the examples: it sends the current access token on every request
// and prints each step of a walk-through with its outcome.
import { Client, fetchExchange, type CombinedError } from '@urql/core';

export const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:4000/graphql';

/** The access token the next requests send; set after signing in, cleared by the caller. */
export const auth: { accessToken?: string | undefined } = {};

export const client = new Client({
  url: apiUrl,
  exchanges: [fetchExchange],
  requestPolicy: 'network-only',
  // urql sends queries as GET by default; Apollo Server's CSRF prevention refuses a GET without
  // a preflight header, and POST keeps the access token out of URLs and proxy logs anyway.
  preferGetMethod: false,
  fetchOptions: (): RequestInit =>
    auth.accessToken ? { headers: { authorization: `Bearer ${auth.accessToken}` } } : {},
});

export function describeError(error: CombinedError): string {
  const [first] = error.graphQLErrors;
  if (!first) return error.message;
  const { fields, retryAfterSeconds } = first.extensions as {
    fields?: Record<string, string>;
    retryAfterSeconds?: number;
  };
  const details = fields ? ` ${JSON.stringify(fields)}` : '';
  const retry = retryAfterSeconds ? ` (try again in ${retryAfterSeconds} s)` : '';
  return `${codeOf(error) ?? 'ERROR'}${details}: ${first.message}${retry}`;
}

/** The API's code of the first GraphQL error; none for a network failure. */
function codeOf(error: CombinedError): string | undefined {
  const code = error.graphQLErrors[0]?.extensions.code;
  return typeof code === 'string' ? code : undefined;
}

export function step(title: string, outcome: string): void {
  console.log(`${title.padEnd(40)} ${outcome}`);
}

/**
 * Runs one step. With `refusedWith`, the walk-through expects the API to refuse it with that
 * code: success, another code or an unreachable server all fail the walk-through.
 */
export async function run<T>(
  title: string,
  result: PromiseLike<{ data?: T; error?: CombinedError }>,
  refusedWith?: string,
): Promise<T | undefined> {
  const { data, error } = await result;
  if (!refusedWith && error) throw new Error(`${title}: ${describeError(error)}`);
  if (refusedWith && !error) throw new Error(`${title}: succeeded but should have been refused`);
  if (refusedWith && error && codeOf(error) !== refusedWith) {
    throw new Error(`${title}: expected ${refusedWith}, got ${describeError(error)}`);
  }
  step(title, error ? `refused as expected, ${describeError(error)}` : 'ok');
  return data;
}

/** Runs a walk-through and exits non-zero with the reason when a step goes wrong. */
export function main(walk: () => Promise<void>): void {
  walk().catch((error: unknown) => {
    console.error(`\nExample failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
