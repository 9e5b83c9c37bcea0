// Walks through the account flow against a running accounts API with @urql/core:
// a registration with a blank field, a registration, the same email again, login, the own
// profile, saving a new name, logout, and the profile refused afterwards.
//
//   npm start                 # in one terminal
//   npm run example           # in another; API_URL=http://host:port/graphql to point elsewhere
import { randomUUID } from 'node:crypto';
import { Client, fetchExchange, type CombinedError } from '@urql/core';
import { graphql } from './generated/gql.js';

const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:4000/graphql';

const Register = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      accessToken
      user {
        id
        email
        name
        company
      }
    }
  }
`);
const Login = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      accessToken
      accessTokenExpiresAt
    }
  }
`);
const Me = graphql(`
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
`);
const SaveName = graphql(`
  mutation SaveName($name: String!) {
    updateUsers(update: { name: { set: $name } }) {
      users {
        name
        updatedAt
      }
    }
  }
`);
const Logout = graphql(`
  mutation Logout {
    logout
  }
`);

/** The access token the next requests send; set by register and login, cleared by logout. */
let accessToken: string | undefined;

const client = new Client({
  url: apiUrl,
  exchanges: [fetchExchange],
  requestPolicy: 'network-only',
  // urql sends queries as GET by default; Apollo Server's CSRF prevention refuses a GET without
  // a preflight header, and POST keeps the access token out of URLs and proxy logs anyway.
  preferGetMethod: false,
  fetchOptions: (): RequestInit =>
    accessToken ? { headers: { authorization: `Bearer ${accessToken}` } } : {},
});

function describeError(error: CombinedError): string {
  const [first] = error.graphQLErrors;
  if (!first) return error.message;
  const { code, fields } = first.extensions as { code?: string; fields?: Record<string, string> };
  return `${code ?? 'ERROR'}${fields ? ` ${JSON.stringify(fields)}` : ''}: ${first.message}`;
}

function step(title: string, outcome: string): void {
  console.log(`${title.padEnd(34)} ${outcome}`);
}

/** Runs one step; `expectError` says whether the plan expects this step to be refused. */
async function run<T>(
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

async function main(): Promise<void> {
  const email = `example-${randomUUID().slice(0, 8)}@example.com`;
  const password = `example walk ${randomUUID().slice(0, 8)} river`;
  const input = { name: 'Example User', email, company: 'Example Ltd', password };
  console.log(`Accounts API at ${apiUrl}, as ${email}\n`);

  await run(
    '1. register with a blank name',
    client.mutation(Register, { input: { ...input, name: ' ' } }),
    true,
  );

  const registered = await run('2. register', client.mutation(Register, { input }));
  accessToken = registered?.register.accessToken;

  await run(
    '3. register the same email again',
    client.mutation(Register, { input: { ...input, email: email.toUpperCase() } }),
    true,
  );

  const loggedIn = await run('4. log in', client.mutation(Login, { input: { email, password } }));
  accessToken = loggedIn?.login.accessToken;

  const profile = await run('5. read my profile', client.query(Me, {}));
  step('', JSON.stringify(profile?.me));

  const saved = await run(
    '6. save a new name',
    client.mutation(SaveName, { name: 'Example User Renamed' }),
  );
  step('', JSON.stringify(saved?.updateUsers.users[0]));

  await run('7. log out', client.mutation(Logout, {}));
  await run('8. read the profile after logout', client.query(Me, {}), true);
  console.log('\nEvery step behaved as expected.');
}

main().catch((error: unknown) => {
  console.error(`\nExample failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
