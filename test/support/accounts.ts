import { randomUUID } from 'node:crypto';
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
