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

/** One GraphQL request over HTTP, as any client would send it. */
export async function graphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  accessToken?: string,
): Promise<GraphQLResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;

  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  const body = JSON.parse(text) as { data?: T | null; errors?: GraphQLErrorBody[] };
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
