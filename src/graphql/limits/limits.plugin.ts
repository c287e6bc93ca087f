import type { ApolloServerPlugin } from '@apollo/server';
import { OperationLimitChecker, type OperationLimits } from './operation-limits.js';

/** Refuses over-deep or over-costly operations over HTTP before anything executes. */
export function limitsPlugin(limits: OperationLimits): ApolloServerPlugin {
  const checker = new OperationLimitChecker(limits);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operationName }) {
          const [error] = checker.errors(schema, document, operationName, request.variables);
          if (error) throw error;
        },
      };
    },
  };
}
