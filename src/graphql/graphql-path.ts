/** GraphQL over HTTP and graphql-ws share this path (contract §4). */
export const GRAPHQL_PATH = '/graphql';
