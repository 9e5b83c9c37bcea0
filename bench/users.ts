import { randomUUID } from 'node:crypto';
import { graphqlRequest } from './load.js';

export const REGISTER_DOCUMENT =
  'mutation Register($input: RegisterInput!) { register(input: $input) { accessToken } }';
export const LOGIN_DOCUMENT =
  'mutation Login($input: LoginInput!) { login(input: $input) { accessToken } }';

export interface BenchUser {
  email: string;
  password: string;
  accessToken: string;
}

/** A registration the API accepts: a unique address and a long, uncommon password. */
export function newRegistration(tag: string) {
  const id = randomUUID();
  return {
    name: 'Bench User',
    email: `${tag}-${id}@bench.example.com`,
    company: 'Benchmarks',
    password: `lantern orbit ${id.slice(0, 8)} meadow`,
  };
}

/** Registers `count` users through the API, all at once. */
export async function registerUsers(graphqlUrl: string, count: number): Promise<BenchUser[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const input = newRegistration('bench');
      const { headers, body } = graphqlRequest(REGISTER_DOCUMENT, { input });
      const response = await fetch(graphqlUrl, { method: 'POST', headers, body });
      const text = await response.text();
      const parsed = JSON.parse(text) as { data?: { register?: { accessToken: string } } };
      const accessToken = parsed.data?.register?.accessToken;
      if (!accessToken) throw new Error(`registration failed: ${text}`);
      return { email: input.email, password: input.password, accessToken };
    }),
  );
}
