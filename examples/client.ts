// Walks through the basic account flow against a running accounts API with @urql/core:
// a registration with a blank field, a registration, the same email again, login, reading the
// profile, saving a new name, logout, and the profile refused afterwards.
//
//   npm start                 # in one terminal
//   npm run example           # in another; API_URL=http://host:port/graphql to point elsewhere
import { randomUUID } from 'node:crypto';
import { apiUrl, auth, client, main, run, step } from './apiClient.js';
import { graphql } from './generated/gql.js';

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

main(async () => {
  const email = `example-${randomUUID().slice(0, 8)}@example.com`;
  const password = `example walk ${randomUUID().slice(0, 8)} river`;
  const input = { name: 'Example User', email, company: 'Example Ltd', password };
  console.log(`Accounts API at ${apiUrl}, as ${email}\n`);

  await run(
    '1. register with a blank name',
    client.mutation(Register, { input: { ...input, name: ' ' } }),
    'BAD_USER_INPUT',
  );

  const registered = await run('2. register', client.mutation(Register, { input }));
  auth.accessToken = registered?.register.accessToken;

  const again = { input: { ...input, email: email.toUpperCase() } };
  await run('3. register the same email again', client.mutation(Register, again), 'EMAIL_TAKEN');

  const loggedIn = await run('4. log in', client.mutation(Login, { input: { email, password } }));
  auth.accessToken = loggedIn?.login.accessToken;

  const profile = await run('5. read my profile', client.query(Me, {}));
  step('', JSON.stringify(profile?.me));

  const saved = await run(
    '6. save a new name',
    client.mutation(SaveName, { name: 'Example User Renamed' }),
  );
  step('', JSON.stringify(saved?.updateUsers.users[0]));

  await run('7. log out', client.mutation(Logout, {}));
  await run('8. read the profile after logout', client.query(Me, {}), 'UNAUTHENTICATED');
  console.log('\nEvery step behaved as expected.');
});
