import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';

export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; fields?: Record<string, string>; [key: string]: unknown };
}

export interface GraphQLResponse<T> {
  status: number;
  headers: Headers;
  text: string;
  data: T | null | undefined;
  errors: GraphQLErrorBody[];
}

type Variables = Record<string, unknown>;

/**
 * What follows a typed document: its variables, required when it has a required one, then the
 * access token.
 */
type VariablesAndToken<TVariables extends Variables> =
  TVariables extends Record<string, never>
    ? [variables?: TVariables, accessToken?: string]
    : object extends TVariables
      ? [variables?: TVariables, accessToken?: string]
      : [variables: TVariables, accessToken?: string];

/**
 * One GraphQL request over HTTP, as any client would send it.
 *
 * With a typed document (test/support/accounts.ts, typed by `npm run codegen` into
 * test/generated/), the data type and the variables type come from the document, and variables
 * that do not fit it do not compile.
 */
export function graphql<TData, TVariables extends Variables>(
  url: string,
  document: TypedDocumentNode<TData, TVariables>,
  ...variablesAndToken: VariablesAndToken<TVariables>
): Promise<GraphQLResponse<TData>>;
/**
 * A typed document with the data type given: the document's own data type must fit it, and the
 * variables are not checked (for variables that are wrong on purpose).
 */
export function graphql<TData = never>(
  url: string,
  document: TypedDocumentNode<NoInfer<TData>, never>,
  variables?: Variables,
  accessToken?: string,
): Promise<GraphQLResponse<TData>>;
/** A query as a plain string, sent as it is: ad-hoc and malformed queries. */
export function graphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Variables,
  accessToken?: string,
): Promise<GraphQLResponse<T>>;
export async function graphql(
  url: string,
  document: string | DocumentNode,
  variables?: Variables,
  accessToken?: string,
): Promise<GraphQLResponse<unknown>> {
  const query = typeof document === 'string' ? document : print(document);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;

  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  const body = JSON.parse(text) as { data?: unknown; errors?: GraphQLErrorBody[] };
  return {
    status: response.status,
    headers: response.headers,
    text,
    data: body.data,
    errors: body.errors ?? [],
  };
}

export function errorCodes(response: GraphQLResponse<unknown>): (string | undefined)[] {
  return response.errors.map((error) => error.extensions?.code);
}
