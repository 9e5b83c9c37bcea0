// Starts GraphiQL on the page the API serves at /graphql. Plain browser JavaScript, loaded
// after React, ReactDOM and GraphiQL (all from this server, never from a CDN).
/* global React, ReactDOM, GraphiQL */
const defaultQuery = `# The accounts API. Sign in first:
mutation Login {
  login(input: { email: "ada@example.com", password: "lantern orbit meadow fig" }) {
    accessToken
    refreshToken
  }
}

# Then put the access token in the Headers tab below:
#   { "Authorization": "Bearer <accessToken>" }
# and run:
query Me {
  me { id email emailVerified name company createdAt updatedAt }
  sessions { id userAgent current expiresAt }
}
`;

const fetcher = GraphiQL.createFetcher({ url: window.location.pathname });
const root = ReactDOM.createRoot(document.getElementById('graphiql'));
root.render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultQuery,
    defaultEditorToolsVisibility: 'headers',
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false,
  }),
);
