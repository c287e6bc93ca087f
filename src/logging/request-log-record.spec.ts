import { describe, expect, it } from '@jest/globals';
import { attempt, requestContext } from '../../test/support/request-context.js';
import type { ApiKeyEntity } from '../keys/api-key.entity.js';
import { GatewayError } from '../errors/gateway-error.js';
import { requestLogRecord } from './request-log-record.js';

describe('requestLogRecord', () => {
  it('names the key by id, never by secret, with provider, model, status and timings', () => {
    const key = { id: 'key-uuid', prefix: 'sy_live_ab' } as ApiKeyEntity;
    const ctx = requestContext({
      principal: { kind: 'key', key },
      provider: 'together',
      model: 'llama',
      startedAt: 100,
      attempts: [attempt({ latencyMs: 80 })],
      usage: { promptTokens: 3, completionTokens: 4, totalTokens: 7, estimated: true },
    });
    const record = requestLogRecord(ctx, 200, []);
    expect(record.level).toBe('info');
    expect(record.fields).toMatchObject({
      requestId: 'req-1',
      keyId: 'key-uuid',
      provider: 'together',
      model: 'llama',
      status: 200,
      latencyMs: 100,
      overheadMs: 20,
      tokens: { prompt: 3, completion: 4, estimated: true },
    });
    expect(JSON.stringify(record)).not.toContain('sy_live_');
  });

  it('warns on gateway-side 5xx and redacts secrets in the error message', () => {
    const error = new GatewayError('upstream_error', 'key sk-proj-abcdef123 refused; admin sy_admin_x1 too; other secret-value-99');
    const record = requestLogRecord(requestContext({ error }), 2_000, ['secret-value-99']);
    expect(record.level).toBe('warn');
    expect(record.fields.error).toEqual({
      code: 'upstream_error',
      source: 'gateway',
      message: 'key [redacted] refused; admin [redacted] too; other [redacted]',
    });
  });
});
