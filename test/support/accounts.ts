import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import { graphql as gql } from '../generated/gql.js';
import type {
  AuthPayloadFieldsFragment,
  RegisterInput,
  RegisterMutation,
} from '../generated/graphql.js';
import { graphql } from './graphql.js';

// Typed documents: `npm run codegen` checks them against the served schema and writes their
// types to test/generated/. Operations reference the fragment by name; the generated documents
// carry its definition.
export const AUTH_PAYLOAD_FIELDS = gql(`
  fragment AuthPayloadFields on AuthPayload {
    accessToken
    accessTokenExpiresAt
    refreshToken
    refreshTokenExpiresAt
    user {
      id
      email
      emailVerified
      name
      company
      createdAt
      updatedAt
    }
  }
`);

export const REGISTER = gql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      ...AuthPayloadFields
    }
  }
`);

export const LOGIN = gql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      ...AuthPayloadFields
    }
  }
`);

export const REFRESH = gql(`
  mutation Refresh($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) {
      ...AuthPayloadFields
    }
  }
`);

export const CHANGE_PASSWORD = gql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      ...AuthPayloadFields
    }
  }
`);

export const RESET_PASSWORD = gql(`
  mutation ResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input) {
      ...AuthPayloadFields
    }
  }
`);

export const ME = gql(`
  query Me {
    me {
      id
      email
      emailVerified
      name
      company
      createdAt
      updatedAt
    }
  }
`);

export const LOGOUT = gql(`
  mutation Logout {
    logout
  }
`);

/** What every mutation that signs in returns. */
export type AuthPayloadData = AuthPayloadFieldsFragment;

/** An address no other test uses. */
export function uniqueEmail(tag = 'user'): string {
  return `${tag}-${randomUUID()}@example.com`;
}

/** A password the policy accepts: long, uncommon, unrelated to the owner. */
export function strongPassword(): string {
  return `lantern orbit ${randomUUID().slice(0, 8)} meadow`;
}

/** A registered account: what it registered with, its id and its first pair of tokens. */
export interface RegisteredUser
  extends RegisterInput, Pick<AuthPayloadData, 'accessToken' | 'refreshToken'> {
  id: string;
}

export async function registerUser(url: string, tag = 'user'): Promise<RegisteredUser> {
  const input = {
    name: 'Ada Example',
    email: uniqueEmail(tag),
    company: 'Analytical Engines',
    password: strongPassword(),
  };
  const response = await graphql(url, REGISTER, { input });
  if (!response.data?.register) throw new Error(`registration failed: ${response.text}`);
  const { accessToken, refreshToken, user } = response.data.register;
  return { ...input, id: user.id, accessToken, refreshToken };
}

/** A registration the API accepts, with some fields replaced. */
export function validRegistration(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: 'Grace Hopper',
    email: uniqueEmail('register'),
    company: 'Remington Rand',
    password: strongPassword(),
    ...overrides,
  };
}

/** A registration with any input, valid or not: its variables are not checked. */
export function register(url: string, input: Record<string, unknown>) {
  return graphql<RegisterMutation>(url, REGISTER, { input });
}

export function login(url: string, email: string, password: string) {
  return graphql(url, LOGIN, { input: { email, password } });
}

/** The reason the password of a registration is refused for, or 'OK'. */
export async function passwordProblem(
  url: string,
  password: string,
  overrides: Record<string, string> = {},
): Promise<string> {
  const response = await register(url, validRegistration({ ...overrides, password }));
  return response.errors[0]?.extensions?.fields?.password ?? 'OK';
}

/** The stored properties of every User with this email key. */
export async function usersWithEmailKey(
  driver: Driver,
  emailKey: string,
): Promise<Record<string, unknown>[]> {
  const { records } = await driver.executeQuery(
    'MATCH (u:User {emailKey: $emailKey}) RETURN properties(u) AS user',
    { emailKey },
  );
  return records.map((record) => record.get('user') as Record<string, unknown>);
}
