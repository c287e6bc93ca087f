import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeUpstream, together } from '../fake-upstream/index.js';
import { SINGLE_TRY_DEFAULTS, startGateway, type TestGateway } from '../support/gateway.js';
import { metricValue, parseMetrics, type Sample } from '../support/metrics.js';

describe('metrics at /metrics change as requests flow', () => {
  let fake: FakeUpstream;
  let gateway: TestGateway;

  const scrape = async (): Promise<Sample[]> => {
    const res = await gateway.request('/metrics', { key: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return parseMetrics(await res.text());
  };
  const chat = (json: Record<string, unknown>): Promise<Response> =>
    gateway.request('/v1/chat/completions', { method: 'POST', json: { messages: [{ role: 'user', content: 'hello there' }], ...json } });

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    // One try per request, so the counters below count requests, not the retry policy.
    gateway = await startGateway({
      env: { TOGETHER_API_KEY: 'tg-metrics-1,tg-metrics-2', TOGETHER_BASE_URL: `${fake.url}/v1` },
      yaml: SINGLE_TRY_DEFAULTS,
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await fake?.close();
  });

  it('exposes process metrics, event-loop lag and the current state without a key', async () => {
    const samples = await scrape();
    for (const name of ['nodejs_eventloop_lag_seconds', 'process_resident_memory_bytes', 'switchyard_in_flight_requests']) {
      expect(samples.some((s) => s.name === name)).toBe(true);
    }
    expect(metricValue(samples, 'switchyard_upstream_keys', { provider: 'together', state: 'usable' })).toBe(2);
    expect(metricValue(samples, 'switchyard_upstream_keys', { provider: 'together', state: 'total' })).toBe(2);
    expect(metricValue(samples, 'switchyard_circuit_state', { provider: 'together', state: 'closed' })).toBe(1);
    expect(metricValue(samples, 'switchyard_circuit_state', { provider: 'together', state: 'open' })).toBe(0);
    expect(metricValue(samples, 'switchyard_provider_status', { provider: 'openai', status: 'disabled' })).toBe(1);
  });

  it('counts requests, attempts, tokens, latency, time to first token and overhead', async () => {
    const before = await scrape();

    const ok = await chat({ model: 'mock/echo' });
    expect(ok.status).toBe(200);
    const overhead = ok.headers.get('x-switchyard-overhead-ms');
    expect(Number(overhead)).toBeGreaterThanOrEqual(0);
    expect(overhead).toMatch(/^\d+(\.\d+)?$/);

    expect((await chat({ model: 'mock/echo', mock: { status: 503 } })).status).toBe(502);

    const stream = await chat({ model: 'mock/lorem', stream: true, max_tokens: 4 });
    expect(stream.headers.get('x-switchyard-overhead-ms')).toMatch(/^\d+(\.\d+)?$/);
    expect(await stream.text()).toContain('data: [DONE]');

    fake.script('POST', '/v1/chat/completions', together.chatCompletion({ content: 'hi', promptTokens: 11, completionTokens: 7 }));
    expect((await chat({ model: 'together/meta-llama/Llama-3.3-70B-Instruct-Turbo' })).status).toBe(200);

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}): number =>
      metricValue(after, name, labels) - metricValue(before, name, labels);

    expect(delta('switchyard_requests_total', { provider: 'mock', status: '200', code: 'ok' })).toBe(2);
    expect(delta('switchyard_requests_total', { provider: 'mock', status: '502', code: 'upstream_error' })).toBe(1);
    expect(
      delta('switchyard_requests_total', { provider: 'together', route: 'direct', model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo' }),
    ).toBe(1);
    expect(delta('switchyard_upstream_attempts_total', { provider: 'mock', outcome: 'server' })).toBe(1);
    expect(delta('switchyard_upstream_attempts_total', { provider: 'together', outcome: 'ok' })).toBe(1);
    expect(delta('switchyard_tokens_total', { provider: 'together', kind: 'prompt' })).toBe(11);
    expect(delta('switchyard_tokens_total', { provider: 'together', kind: 'completion' })).toBe(7);
    expect(delta('switchyard_time_to_first_token_seconds_count', { provider: 'mock', model: 'lorem' })).toBe(1);
    expect(delta('switchyard_request_duration_seconds_count', { operation: 'chat' })).toBe(4);
    expect(delta('switchyard_gateway_overhead_seconds_count')).toBe(4);
    expect(delta('switchyard_http_requests_total', { method: 'POST', route: '/v1/chat/completions', status: '200' })).toBe(3);
    expect(delta('switchyard_retries_total') + delta('switchyard_failovers_total') + delta('switchyard_refusals_total')).toBe(0);
    expect(metricValue(after, 'switchyard_provider_status', { provider: 'together', status: 'up' })).toBe(1);
    expect(fake.unscripted).toEqual([]);
  });

  it('counts model-list cache misses and hits', async () => {
    fake.script('GET', '/v1/models', together.models([{ id: 'meta-llama/Llama-3.3-70B-Instruct-Turbo' }]));
    expect((await gateway.request('/v1/models')).status).toBe(200);
    expect((await gateway.request('/v1/models')).status).toBe(200);
    const samples = await scrape();
    expect(metricValue(samples, 'switchyard_model_list_cache_total', { provider: 'together', result: 'miss' })).toBe(1);
    expect(metricValue(samples, 'switchyard_model_list_cache_total', { provider: 'together', result: 'hit' })).toBe(1);
    expect(fake.requestsTo('/v1/models')).toHaveLength(1);
  });
});
