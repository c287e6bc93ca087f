import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Every answer is per key and per request: `cache-control: no-store`, which
 * Apollo's cache-control plugin sent before it was turned off (graphql-options.ts).
 */
export function noStorePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}
