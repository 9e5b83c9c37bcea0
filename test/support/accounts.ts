import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import { graphql } from './graphql.js';

const AUTH_PAYLOAD = /* GraphQL */ `
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
`;

export const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      ...AuthPayloadFields
    }
  }
  ${AUTH_PAYLOAD}
`;

export const LOGIN = /* GraphQL */ `
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      ...AuthPayloadFields
    }
  }
  ${AUTH_PAYLOAD}
`;

export const REFRESH = /* GraphQL */ `
  mutation Refresh($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) {
      ...AuthPayloadFields
    }
  }
  ${AUTH_PAYLOAD}
`;

export const CHANGE_PASSWORD = /* GraphQL */ `
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      ...AuthPayloadFields
    }
  }
  ${AUTH_PAYLOAD}
`;

export const RESET_PASSWORD = /* GraphQL */ `
  mutation ResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input) {
      ...AuthPayloadFields
    }
  }
  ${AUTH_PAYLOAD}
`;

export const ME = /* GraphQL */ `
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
`;

export const LOGOUT = /* GraphQL */ `
  mutation Logout {
    logout
  }
`;

export interface AuthPayloadData {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  user: { id: string; email: string; emailVerified: boolean; name: string; company: string };
}

/** An address no other test uses. */
export function uniqueEmail(tag = 'user'): string {
  return `${tag}-${randomUUID()}@example.com`;
}

/** A password the policy accepts: long, uncommon, unrelated to the owner. */
export function strongPassword(): string {
  return `lantern orbit ${randomUUID().slice(0, 8)} meadow`;
}

export interface RegisteredUser {
  id: string;
  email: string;
  password: string;
  name: string;
  company: string;
  accessToken: string;
  refreshToken: string;
}

export async function registerUser(url: string, tag = 'user'): Promise<RegisteredUser> {
  const input = {
    name: 'Ada Example',
    email: uniqueEmail(tag),
    company: 'Analytical Engines',
    password: strongPassword(),
  };
  const response = await graphql<{ register: AuthPayloadData }>(url, REGISTER, { input });
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

export function register(url: string, input: Record<string, unknown>) {
  return graphql<{ register: AuthPayloadData }>(url, REGISTER, { input });
}

export function login(url: string, email: string, password: string) {
  return graphql<{ login: AuthPayloadData }>(url, LOGIN, { input: { email, password } });
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
