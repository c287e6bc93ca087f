import type { ApolloServerPlugin } from '@apollo/server';
import { limitErrors, type OperationLimits } from './operation-limits.js';

/** Refuses over-deep or over-costly operations over HTTP before anything executes. */
export function limitsPlugin(limits: OperationLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operationName }) {
          const [error] = limitErrors(schema, document, operationName, request.variables, limits);
          if (error) throw error;
        },
      };
    },
  };
}
