import { randomUUID } from 'node:crypto';
import { graphql } from './graphql.js';

export const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      accessToken
      accessTokenExpiresAt
      user {
        id
        email
        name
        company
        createdAt
        updatedAt
      }
    }
  }
`;

export const LOGIN = /* GraphQL */ `
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      accessToken
      accessTokenExpiresAt
      user {
        id
        email
        name
        company
      }
    }
  }
`;

export const ME = /* GraphQL */ `
  query Me {
    me {
      id
      email
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
  user: { id: string; email: string; name: string; company: string };
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
  const { accessToken, user } = response.data.register;
  return { ...input, id: user.id, accessToken };
}
