import {
  createSourceEventStream,
  defaultFieldResolver,
  execute,
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  GraphQLObjectType,
  GraphQLSchema,
  Kind,
  subscribe,
  visit,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type GraphQLFieldConfig,
  type OperationDefinitionNode,
} from 'graphql';
import { mapEvents } from '../subscriptions/iterators.js';

/** What an event's root field resolves from: the published event and the arguments the subscription started with. */
interface EventSource {
  payload: unknown;
  args: Record<string, unknown>;
}

/** How the events of one subscription operation run: `document` without the root field's arguments. */
interface EventOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  field: FieldNode;
}

/** The operation's one root field, when it is written plainly (no fragment, no directive); otherwise undefined. */
function plainRootField(operation: OperationDefinitionNode): FieldNode | undefined {
  const [selection, ...more] = operation.selectionSet.selections;
  if (more.length > 0 || selection?.kind !== Kind.FIELD || selection.directives?.length) return undefined;
  return selection;
}

function eventOperation(document: DocumentNode, operationName: string | null): EventOperation | undefined {
  const operation = getOperationAST(document, operationName);
  const field = operation?.operation === 'subscription' ? plainRootField(operation) : undefined;
  if (!operation || !field) return undefined;
  const fragments = document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
  const bare: OperationDefinitionNode = {
    ...operation,
    variableDefinitions: [],
    selectionSet: { ...operation.selectionSet, selections: [{ ...field, arguments: [] }] },
  };
  const used = new Set<string>();
  visit({ kind: Kind.DOCUMENT, definitions: [bare, ...fragments] }, { Variable: (node) => void used.add(node.name.value) });
  const variableDefinitions = operation.variableDefinitions?.filter((definition) => used.has(definition.variable.name.value));
  return { document: { kind: Kind.DOCUMENT, definitions: [{ ...bare, variableDefinitions }, ...fragments] }, operation, field };
}

/** The schema events run against: subscription fields without arguments, resolved with the ones the subscription started with. */
function eventSchema(schema: GraphQLSchema): GraphQLSchema {
  const subscription = schema.getSubscriptionType();
  if (!subscription) return schema;
  const type = subscription.toConfig();
  const fields: Record<string, GraphQLFieldConfig<EventSource, unknown>> = {};
  for (const [name, field] of Object.entries(type.fields)) {
    const resolve = field.resolve ?? defaultFieldResolver;
    fields[name] = {
      ...field,
      args: {},
      subscribe: undefined,
      resolve: (source, _args, context, info) => resolve(source.payload, source.args, context, info),
    };
  }
  const config = schema.toConfig();
  return new GraphQLSchema({
    ...config,
    subscription: new GraphQLObjectType({ ...type, fields }),
    types: config.types.filter((named) => named !== subscription),
    assumeValid: true,
  });
}

/**
 * graphql-js 16 runs every event of a subscription as a new operation, and so
 * coerces the operation's variables again for each event: for chatStream the
 * whole ChatInput, every message included, once per token (about a sixth of a
 * stream's CPU). The root field's arguments only matter when the stream
 * starts, so events run against a copy of the schema whose subscription
 * fields take none (their resolvers get the arguments coerced at the start)
 * and a copy of the operation that passes none and leaves out the variables
 * only they used. An operation whose root field sits in a fragment or under a
 * directive runs as graphql-js runs it.
 */
export class SubscriptionEvents {
  private readonly schemas = new WeakMap<GraphQLSchema, GraphQLSchema>();
  private readonly operations = new WeakMap<DocumentNode, Map<string | null, EventOperation | undefined>>();

  readonly subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const events = this.operation(args.document, args.operationName ?? null);
    if (!events) return subscribe(args);
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    const schema = this.schema(args.schema);
    const rootArgs = this.rootArguments(args, events);
    return mapEvents(source, (payload) =>
      execute({
        ...args,
        schema,
        document: events.document,
        rootValue: { payload, args: rootArgs } satisfies EventSource,
      }),
    );
  };

  private operation(document: DocumentNode, operationName: string | null): EventOperation | undefined {
    let known = this.operations.get(document);
    if (!known) this.operations.set(document, (known = new Map()));
    if (!known.has(operationName)) known.set(operationName, eventOperation(document, operationName));
    return known.get(operationName);
  }

  private schema(schema: GraphQLSchema): GraphQLSchema {
    let events = this.schemas.get(schema);
    if (!events) this.schemas.set(schema, (events = eventSchema(schema)));
    return events;
  }

  /** The root field's arguments as graphql-js coerced them to start the stream (which succeeded, so the variables fit). */
  private rootArguments(args: ExecutionArgs, events: EventOperation): Record<string, unknown> {
    const field = args.schema.getSubscriptionType()?.getFields()[events.field.name.value];
    if (!field) return {};
    const { coerced } = getVariableValues(args.schema, events.operation.variableDefinitions ?? [], args.variableValues ?? {});
    return getArgumentValues(field, events.field, coerced);
  }
}
