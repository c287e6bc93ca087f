import { describe, expect, it } from '@jest/globals';
import {
  GraphQLBoolean,
  GraphQLInputObjectType,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  parse,
  type ExecutionResult,
} from 'graphql';
import { SubscriptionEvents } from './subscription-events.js';

/** A subscription whose input counts how often it is coerced and whose events echo the arguments they resolve with. */
function echoSchema(): { schema: GraphQLSchema; coercions: () => number; returned: () => boolean } {
  let coercions = 0;
  let returned = false;
  const Counted = new GraphQLScalarType({
    name: 'Counted',
    parseValue: (value) => {
      coercions++;
      return value;
    },
  });
  const Input = new GraphQLInputObjectType({ name: 'Input', fields: { text: { type: new GraphQLNonNull(Counted) } } });
  const Event = new GraphQLObjectType({
    name: 'Event',
    fields: { word: { type: GraphQLString }, prefix: { type: GraphQLString }, extra: { type: GraphQLString } },
  });
  const trivial = new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLBoolean } } });
  const subscription = new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      echo: {
        type: Event,
        args: { input: { type: new GraphQLNonNull(Input) } },
        subscribe: (_root, args: { input: { text: string } }) => {
          const words = args.input.text.split(' ');
          const iterator: AsyncIterableIterator<string> = {
            next: async () => (words.length ? { done: false, value: words.shift() as string } : { done: true, value: undefined }),
            return: async () => {
              returned = true;
              return { done: true, value: undefined };
            },
            [Symbol.asyncIterator]: () => iterator,
          };
          return iterator;
        },
        resolve: (word: string, args: { input: { text: string } }) => ({ word, prefix: args.input.text.slice(0, 3), extra: 'x' }),
      },
    },
  });
  return {
    schema: new GraphQLSchema({ query: trivial, subscription }),
    coercions: () => coercions,
    returned: () => returned,
  };
}

async function collect(result: AsyncIterableIterator<ExecutionResult> | ExecutionResult): Promise<unknown[]> {
  if (!(Symbol.asyncIterator in result)) return [result];
  const all: unknown[] = [];
  for await (const event of result) all.push(event);
  return all;
}

describe('SubscriptionEvents', () => {
  it('runs each event with the selection and the arguments the subscription started with, coercing variables once', async () => {
    const { schema, coercions } = echoSchema();
    const document = parse(
      'subscription Echo($input: Input!, $extra: Boolean!) { echo(input: $input) { word prefix extra @include(if: $extra) } }',
    );
    const run = (extra: boolean) =>
      new SubscriptionEvents().subscribe({ schema, document, variableValues: { input: { text: 'the quick brown fox' }, extra } });
    expect(await collect(await run(true))).toEqual(
      ['the', 'quick', 'brown', 'fox'].map((word) => ({ data: { echo: { word, prefix: 'the', extra: 'x' } } })),
    );
    const before = coercions();
    expect(await collect(await run(false))).toEqual(
      ['the', 'quick', 'brown', 'fox'].map((word) => ({ data: { echo: { word, prefix: 'the' } } })),
    );
    // Once to start the stream, once for the root field's arguments; none per event.
    expect(coercions() - before).toBe(2);
  });

  it('runs a root field in a fragment as graphql-js does', async () => {
    const { schema } = echoSchema();
    const document = parse('subscription($input: Input!) { ...E } fragment E on Subscription { echo(input: $input) { word } }');
    const result = await new SubscriptionEvents().subscribe({ schema, document, variableValues: { input: { text: 'a b' } } });
    expect(await collect(result)).toEqual([{ data: { echo: { word: 'a' } } }, { data: { echo: { word: 'b' } } }]);
  });

  it('reports variables that do not fit before any event', async () => {
    const { schema } = echoSchema();
    const document = parse('subscription($input: Input!) { echo(input: $input) { word } }');
    const [result] = await collect(await new SubscriptionEvents().subscribe({ schema, document, variableValues: { input: {} } }));
    expect((result as ExecutionResult).errors?.[0].message).toContain('Variable "$input" got invalid value');
  });

  it('passes return() to the source at once', async () => {
    const { schema, returned } = echoSchema();
    const document = parse('subscription($input: Input!) { echo(input: $input) { word } }');
    const events = (await new SubscriptionEvents().subscribe({
      schema,
      document,
      variableValues: { input: { text: 'a b c' } },
    })) as AsyncIterableIterator<ExecutionResult>;
    expect(await events.next()).toEqual({ done: false, value: { data: { echo: { word: 'a' } } } });
    await events.return?.();
    expect(returned()).toBe(true);
  });
});
