import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startGateway, type TestGateway } from '../support/gateway.js';

interface Operation {
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, unknown>;
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
}

/** Issue 2 §10: /docs documents every REST route and DTO. */
describe('OpenAPI document', () => {
  let gateway: TestGateway;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    gateway = await startGateway();
    const res = await gateway.request('/docs-json', { key: null });
    expect(res.status).toBe(200);
    doc = (await res.json()) as OpenApiDocument;
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it.each([
    ['post', '/v1/chat/completions', 'ChatCompletionRequestDto'],
    ['post', '/v1/completions', 'CompletionRequestDto'],
    ['post', '/v1/embeddings', 'EmbeddingRequestDto'],
    ['get', '/v1/models', undefined],
    ['get', '/v1/models/{path}', undefined],
    ['post', '/api/{provider}/chat/completions', 'ChatCompletionRequestDto'],
    ['post', '/api/huggingface/featherless/chat/completions', 'ChatCompletionRequestDto'],
    ['post', '/admin/keys', 'CreateKeyDto'],
    ['get', '/admin/keys', undefined],
    ['get', '/admin/keys/{id}', undefined],
    ['delete', '/admin/keys/{id}', undefined],
  ])('documents %s %s', (method, path, dto) => {
    const operation = doc.paths[path]?.[method];
    expect(operation).toBeDefined();
    if (dto) {
      expect(operation.requestBody?.content['application/json'].schema.$ref).toBe(`#/components/schemas/${dto}`);
      expect(doc.components.schemas[dto]).toBeDefined();
    }
    // Contract §6 error shapes are documented on every route.
    for (const status of ['400', '401', '404', '502']) expect(operation.responses[status]).toBeDefined();
  });

  it('declares every path template parameter, and no other path parameter', () => {
    for (const [path, operations] of Object.entries(doc.paths)) {
      const template = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      for (const [method, operation] of Object.entries(operations)) {
        const declared = (operation.parameters ?? [])
          .filter((p) => p.in === 'path')
          .map((p) => p.name)
          .sort();
        expect({ route: `${method} ${path}`, params: declared }).toEqual({ route: `${method} ${path}`, params: template });
      }
    }
  });

  it('describes bearer authentication and the UI is served at /docs', async () => {
    expect(doc.components.securitySchemes).toHaveProperty('bearer');
    const ui = await gateway.request('/docs', { key: null });
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toContain('text/html');
  });
});
