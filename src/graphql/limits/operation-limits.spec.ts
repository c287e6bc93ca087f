import { describe, expect, it } from '@jest/globals';
import { buildSchema, parse } from 'graphql';
import { limitErrors } from './operation-limits.js';

const schema = buildSchema(`
  type Query { a: A, list: [A] }
  type A { b: B, name: String }
  type B { c: C }
  type C { d: String }
`);

const check = (query: string, maxDepth = 3, maxComplexity = 100, operationName?: string) =>
  limitErrors(schema, parse(query), operationName, undefined, { maxDepth, maxComplexity }).map((e) => e.message);

describe('limitErrors', () => {
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
});
