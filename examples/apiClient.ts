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
  const { code, fields } = first.extensions as { code?: string; fields?: Record<string, string> };
  return `${code ?? 'ERROR'}${fields ? ` ${JSON.stringify(fields)}` : ''}: ${first.message}`;
}

export function step(title: string, outcome: string): void {
  console.log(`${title.padEnd(40)} ${outcome}`);
}

/** Runs one step; `expectError` says whether the walk-through expects it to be refused. */
export async function run<T>(
  title: string,
  result: PromiseLike<{ data?: T; error?: CombinedError }>,
  expectError = false,
): Promise<T | undefined> {
  const { data, error } = await result;
  if (Boolean(error) !== expectError) {
    throw new Error(
      `${title}: ${error ? describeError(error) : 'succeeded but should have been refused'}`,
    );
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
