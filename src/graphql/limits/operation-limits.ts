import {
  getOperationAST,
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

export interface OperationLimits {
  maxDepth: number;
  maxComplexity: number;
}

function limitError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'invalid_request', http: { status: 400 } } });
}

/** Deepest field nesting below a selection set; introspection fields (`__schema`, `__type`) do not count. */
export function selectionDepth(
  set: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
  visiting: Set<string> = new Set(),
): number {
  if (!set) return 0;
  let deepest = 0;
  for (const selection of set.selections) {
    let depth = 0;
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      depth = 1 + selectionDepth(selection.selectionSet, fragments, visiting);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      depth = selectionDepth(selection.selectionSet, fragments, visiting);
    } else {
      const name = selection.name.value;
      // A fragment cycle is a validation error reported by graphql-js; here it just stops.
      if (visiting.has(name) || !fragments[name]) continue;
      visiting.add(name);
      depth = selectionDepth(fragments[name].selectionSet, fragments, visiting);
      visiting.delete(name);
    }
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

/**
 * Depth and estimated cost of the operation against the configured limits.
 * Fields declare their cost in the schema (`complexity`); others cost 1.
 */
export function limitErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
  limits: OperationLimits,
): GraphQLError[] {
  const operation = getOperationAST(document, operationName);
  if (!operation) return []; // graphql-js reports the missing or ambiguous operation itself
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  const depth = selectionDepth(operation.selectionSet, fragments);
  if (depth > limits.maxDepth) {
    return [limitError(`The operation is ${depth} levels deep; the limit is ${limits.maxDepth} (SWITCHYARD_GRAPHQL_MAX_DEPTH).`)];
  }
  let complexity: number;
  try {
    complexity = getComplexity({
      schema,
      query: document,
      operationName: operationName ?? undefined,
      variables,
      estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch (error) {
    // Variables that do not fit their types: the same message graphql-js would give.
    return [limitError((error as Error).message)];
  }
  if (complexity > limits.maxComplexity) {
    return [
      limitError(
        `The operation's estimated complexity is ${complexity}; the limit is ${limits.maxComplexity} (SWITCHYARD_GRAPHQL_MAX_COMPLEXITY).`,
      ),
    ];
  }
  return [];
}
