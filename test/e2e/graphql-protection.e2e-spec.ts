import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { connect, gql, Recorder, type GqlError, type WsConnection } from '../support/graphql.js';

/**
 * The status of a POST, read even when the server answers (413) and closes before
 * the whole body is written, which makes fetch fail with EPIPE.
 */
function postStatus(url: string, key: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (error) => setImmediate(() => reject(error)));
    req.end(body);
  });
}

const DEEP = '{ providers { models { pricing { inputPerMTokUsd } } } }';
const COSTLY = '{ providers { id models { id } } }';
const INTROSPECTION = '{ __schema { queryType { name } } }';

describe('GraphQL protection: depth, complexity, introspection and the landing page', () => {
  let gateway: TestGateway;
  const sockets: WsConnection[] = [];

  beforeAll(async () => {
    gateway = await startGateway({
      env: {
        SWITCHYARD_GRAPHQL_MAX_DEPTH: '3',
        SWITCHYARD_GRAPHQL_MAX_COMPLEXITY: '60',
        SWITCHYARD_GRAPHQL_INTROSPECTION: 'off',
        SWITCHYARD_GRAPHQL_PLAYGROUND: 'off',
        SWITCHYARD_BODY_LIMIT_BYTES: '65536',
      },
    });
  });

  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()));
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('refuses an operation deeper than SWITCHYARD_GRAPHQL_MAX_DEPTH over HTTP, before running it', async () => {
    const res = await gql(gateway, DEEP);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'invalid_request' } });
    expect(res.errors?.[0].message).toContain('4 levels deep; the limit is 3');
    const fragment = await gql(gateway, '{ providers { ...P } } fragment P on Provider { models { pricing { requestUsd } } }');
    expect(fragment.errors?.[0].message).toContain('4 levels deep');
    expect((await gql(gateway, '{ providers { id } }')).errors).toBeUndefined();
  });

  it('refuses an operation costlier than SWITCHYARD_GRAPHQL_MAX_COMPLEXITY over HTTP', async () => {
    const res = await gql(gateway, COSTLY);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'invalid_request' });
    expect(res.errors?.[0].message).toMatch(/estimated complexity is \d+; the limit is 60/);
    // Refused again once the document is known; a cost that depends on variables is measured for each request.
    expect((await gql(gateway, COSTLY)).errors?.[0].message).toMatch(/estimated complexity is \d+; the limit is 60/);
    const USAGE = 'query ($n: Int) { usage(filter: { first: $n }) { edges { cursor } } }';
    expect((await gql(gateway, USAGE, { n: 500 })).errors?.[0].message).toContain('complexity');
    expect((await gql(gateway, USAGE, { n: 2 })).errors).toBeUndefined();
    expect((await gql(gateway, USAGE, { n: 500 })).errors?.[0].message).toContain('complexity');
  });

  it('refuses variables that do not fit their types alike, whether or not the document was seen before', async () => {
    const PROVIDER = 'query ($id: String!) { provider(id: $id) { id } }';
    const before = await gql(gateway, PROVIDER, { id: 5 });
    expect((await gql(gateway, PROVIDER, { id: 'mock' })).errors).toBeUndefined();
    const after = await gql(gateway, PROVIDER, { id: 5 });
    for (const res of [before, after]) {
      expect(res.status).toBe(400);
      expect(res.data).toBeUndefined();
      expect(res.errors).toEqual([
        expect.objectContaining({
          message: expect.stringContaining('Variable "$id" got invalid value 5'),
          extensions: { code: 'invalid_request', status: 400 },
        }),
      ]);
    }
  });

  it('applies the same limits to operations over graphql-ws', async () => {
    const socket = connect(gateway);
    sockets.push(socket);
    for (const [query, text] of [
      [DEEP, 'levels deep'],
      [COSTLY, 'complexity'],
    ]) {
      const op = new Recorder(socket.client, query);
      await op.finished();
      const [error] = op.error as GqlError[];
      expect(error.extensions?.code).toBe('invalid_request');
      expect(error.message).toContain(text);
    }
  });

  it('keeps introspection off when disabled, over HTTP and graphql-ws', async () => {
    const res = await gql(gateway, INTROSPECTION);
    expect(res.errors?.[0].extensions?.code).toBe('forbidden');
    const socket = connect(gateway);
    sockets.push(socket);
    const op = new Recorder(socket.client, INTROSPECTION);
    await op.finished();
    expect((op.error as GqlError[])[0].extensions?.code).toBe('forbidden');
    expect((await gql(gateway, '{ me { kind } }')).data).toEqual({ me: { kind: 'ADMIN' } });
  });

  it('holds both transports to the body size limit', async () => {
    const padding = 'x'.repeat(70_000);
    expect(await postStatus(`${gateway.url}/graphql`, gateway.adminKey, JSON.stringify({ query: `{ me { kind } } # ${padding}` }))).toBe(
      413,
    );
    const socket = connect(gateway);
    sockets.push(socket);
    await socket.connected;
    new Recorder(socket.client, `{ me { kind } } # ${padding}`);
    expect((await socket.closed).code).toBe(1009);
  });

  it('serves no landing page when it is off', async () => {
    const res = await gateway.request('/graphql', { headers: { accept: 'text/html' } });
    expect(res.headers.get('content-type') ?? '').not.toContain('text/html');
  });
});

describe('GraphQL landing page outside production', () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startGateway();
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('opens GraphiQL at /graphql and answers introspection', async () => {
    const page = await gateway.request('/graphql', { headers: { accept: 'text/html' }, key: null });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect((await page.text()).toLowerCase()).toContain('graphiql');
    expect((await gql(gateway, INTROSPECTION)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});
