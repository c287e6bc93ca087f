import {
  BREAK,
  getOperationAST,
  GraphQLError,
  Kind,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';

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

/** A refusal (message) or none (null), and whether the same document and operation always get it. */
interface Verdict {
  message: string | null;
  /** False when variables may change the outcome: invalid ones, `@include`/`@skip` on a variable, or a cost computed from arguments that are variables. */
  lasting: boolean;
}

function hasVariable(value: ValueNode): boolean {
  if (value.kind === Kind.VARIABLE) return true;
  if (value.kind === Kind.LIST) return value.values.some(hasVariable);
  if (value.kind === Kind.OBJECT) return value.fields.some((field) => hasVariable(field.value));
  return false;
}

/** Whether the document includes or skips selections by a variable, so the selections counted depend on the variables. */
function skipsByVariable(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Directive(node) {
      if ((node.name.value === 'include' || node.name.value === 'skip') && node.arguments?.some((arg) => hasVariable(arg.value))) {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * Fields declare their cost in the schema (`complexity`: a number, or a
 * function of the arguments); `onArgumentsFromVariables` hears of a function
 * called with arguments that come from variables.
 */
function estimators(onArgumentsFromVariables: () => void): ComplexityEstimator[] {
  const fromExtensions = fieldExtensionsEstimator();
  return [
    (options) => {
      if (typeof options.field.extensions?.complexity === 'function' && options.node.arguments?.some((arg) => hasVariable(arg.value))) {
        onArgumentsFromVariables();
      }
      return fromExtensions(options);
    },
    simpleEstimator({ defaultComplexity: 1 }),
  ];
}

function assess(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null,
  variables: Record<string, unknown> | undefined,
  limits: OperationLimits,
): Verdict {
  const operation = getOperationAST(document, operationName);
  if (!operation) return { message: null, lasting: true }; // graphql-js reports the missing or ambiguous operation itself
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  const depth = selectionDepth(operation.selectionSet, fragments);
  if (depth > limits.maxDepth) {
    return {
      message: `The operation is ${depth} levels deep; the limit is ${limits.maxDepth} (SWITCHYARD_GRAPHQL_MAX_DEPTH).`,
      lasting: true,
    };
  }
  let lasting = !skipsByVariable(document);
  let complexity: number;
  try {
    complexity = getComplexity({
      schema,
      query: document,
      operationName: operationName ?? undefined,
      variables,
      estimators: estimators(() => (lasting = false)),
    });
  } catch (error) {
    // Variables that do not fit their types: the same message graphql-js would give.
    return { message: (error as Error).message, lasting: false };
  }
  if (complexity > limits.maxComplexity) {
    return {
      message: `The operation's estimated complexity is ${complexity}; the limit is ${limits.maxComplexity} (SWITCHYARD_GRAPHQL_MAX_COMPLEXITY).`,
      lasting,
    };
  }
  return { message: null, lasting };
}

/**
 * Depth and estimated cost of operations against the configured limits.
 * Clients send the same few documents again and again, and Apollo's document
 * store (and GraphqlWsServer's cache) hand back the same parsed document each
 * time, so a verdict that variables cannot change is worked out once per
 * document and operation: measuring walks the whole document with type info.
 */
export class OperationLimitChecker {
  private readonly verdicts = new WeakMap<DocumentNode, Map<string | null, string | null>>();

  constructor(private readonly limits: OperationLimits) {}

  errors(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | undefined,
  ): GraphQLError[] {
    const name = operationName ?? null;
    let known = this.verdicts.get(document);
    let message = known?.get(name);
    if (message === undefined) {
      const verdict = assess(schema, document, name, variables, this.limits);
      message = verdict.message;
      if (verdict.lasting) {
        if (!known) this.verdicts.set(document, (known = new Map()));
        known.set(name, message);
      }
    }
    // A fresh error each time: Apollo and graphql-ws may annotate what they are given.
    return message === null ? [] : [limitError(message)];
  }
}
