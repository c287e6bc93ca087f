import { describe, expect, it } from '@jest/globals';
import { buildSchema, GraphQLInt, GraphQLList, GraphQLObjectType, GraphQLSchema, GraphQLString, parse } from 'graphql';
import { OperationLimitChecker } from './operation-limits.js';

const schema = buildSchema(`
  type Query { a: A, list: [A] }
  type A { b: B, name: String }
  type B { c: C }
  type C { d: String }
`);

const check = (query: string, maxDepth = 3, maxComplexity = 100, operationName?: string) =>
  new OperationLimitChecker({ maxDepth, maxComplexity }).errors(schema, parse(query), operationName, undefined).map((e) => e.message);

/** `items` costs what its `first` argument says, and counts how often it was asked. */
function pagedSchema(): { schema: GraphQLSchema; costed: () => number } {
  let calls = 0;
  const item = new GraphQLObjectType({ name: 'Item', fields: { name: { type: GraphQLString } } });
  const query = new GraphQLObjectType({
    name: 'Query',
    fields: {
      item: { type: item, args: { id: { type: GraphQLInt } } },
      items: {
        type: new GraphQLList(item),
        args: { first: { type: GraphQLInt } },
        extensions: {
          complexity: ({ args, childComplexity }: { args: { first?: number }; childComplexity: number }) => {
            calls++;
            return 1 + childComplexity * (args.first ?? 10);
          },
        },
      },
    },
  });
  return { schema: new GraphQLSchema({ query }), costed: () => calls };
}

describe('OperationLimitChecker', () => {
  it('measures depth through fragments and ignores introspection fields', () => {
    expect(check('{ a { b { c { d } } } }')).toEqual([expect.stringContaining('4 levels deep; the limit is 3')]);
    expect(check('{ a { b { c } } }')).toEqual([]);
    expect(check('{ a { ...F } } fragment F on A { b { ... on B { c { d } } } }')).toEqual([expect.stringContaining('4 levels deep')]);
    expect(check('{ __schema { types { fields { type { ofType { name } } } } } }')).toEqual([]);
    expect(check('query One { a { name } } query Two { a { b { c { d } } } }', 3, 100, 'One')).toEqual([]);
  });

  it('survives fragment cycles (graphql-js reports them)', () => {
    expect(check('{ a { ...F } } fragment F on A { name ...F }')).toEqual([]);
  });

  it('refuses an operation over the complexity limit', () => {
    expect(check('{ a { name } list { name } }', 10, 3)).toEqual([expect.stringContaining('estimated complexity is 4; the limit is 3')]);
    expect(check('{ a { name } }', 10, 3)).toEqual([]);
  });

  it('judges each operation of a document on its own', () => {
    const checker = new OperationLimitChecker({ maxDepth: 3, maxComplexity: 100 });
    const document = parse('query Shallow { a { name } } query Deep { a { b { c { d } } } }');
    expect(checker.errors(schema, document, 'Shallow', undefined)).toEqual([]);
    expect(checker.errors(schema, document, 'Deep', undefined).map((e) => e.message)).toEqual([expect.stringContaining('4 levels deep')]);
    expect(checker.errors(schema, document, 'Shallow', undefined)).toEqual([]);
  });

  it('measures a document once when variables cannot change its cost', () => {
    const paged = pagedSchema();
    const checker = new OperationLimitChecker({ maxDepth: 5, maxComplexity: 20 });
    const document = parse('query($id: Int) { item(id: $id) { name } items(first: 30) { name } }');
    const first = checker.errors(paged.schema, document, undefined, { id: 1 });
    expect(first.map((e) => e.message)).toEqual([expect.stringContaining('estimated complexity is 33; the limit is 20')]);
    const again = checker.errors(paged.schema, document, undefined, { id: 2 });
    expect(again.map((e) => e.message)).toEqual(first.map((e) => e.message));
    expect(again[0]).not.toBe(first[0]);
    expect(paged.costed()).toBe(1);
  });

  it('measures again when a cost comes from arguments that are variables', () => {
    const paged = pagedSchema();
    const checker = new OperationLimitChecker({ maxDepth: 5, maxComplexity: 20 });
    const document = parse('query($n: Int) { items(first: $n) { name } }');
    expect(checker.errors(paged.schema, document, undefined, { n: 5 })).toEqual([]);
    expect(checker.errors(paged.schema, document, undefined, { n: 50 }).map((e) => e.message)).toEqual([
      expect.stringContaining('estimated complexity is 51'),
    ]);
    expect(checker.errors(paged.schema, document, undefined, { n: 5 })).toEqual([]);
  });

  it('measures again when @include or @skip depends on a variable', () => {
    const paged = pagedSchema();
    const checker = new OperationLimitChecker({ maxDepth: 5, maxComplexity: 20 });
    const document = parse('query($all: Boolean!) { item { name } items(first: 30) @include(if: $all) { name } }');
    expect(checker.errors(paged.schema, document, undefined, { all: false })).toEqual([]);
    expect(checker.errors(paged.schema, document, undefined, { all: true }).map((e) => e.message)).toEqual([
      expect.stringContaining('estimated complexity is'),
    ]);
  });

  it('does not remember a refusal caused by invalid variables', () => {
    const paged = pagedSchema();
    const checker = new OperationLimitChecker({ maxDepth: 5, maxComplexity: 20 });
    const document = parse('query($id: Int) { item(id: $id) { name } }');
    expect(checker.errors(paged.schema, document, undefined, { id: 'x' }).map((e) => e.message)).toEqual([
      expect.stringContaining('Variable "$id" got invalid value "x"'),
    ]);
    expect(checker.errors(paged.schema, document, undefined, { id: 1 })).toEqual([]);
  });
});
