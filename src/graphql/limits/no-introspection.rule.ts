import { GraphQLError, type ValidationRule } from 'graphql';

/** Apollo's extension code for refused introspection, so both transports report it alike. */
export const INTROSPECTION_DISABLED = 'INTROSPECTION_DISABLED';

export const INTROSPECTION_DISABLED_MESSAGE =
  'GraphQL introspection is disabled on this server; SWITCHYARD_GRAPHQL_INTROSPECTION=on enables it.';

/** graphql-ws counterpart of Apollo's `introspection: false`. */
export const NoIntrospectionRule: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === '__schema' || node.name.value === '__type') {
      context.reportError(
        new GraphQLError(INTROSPECTION_DISABLED_MESSAGE, { nodes: [node], extensions: { validationErrorCode: INTROSPECTION_DISABLED } }),
      );
    }
  },
});
