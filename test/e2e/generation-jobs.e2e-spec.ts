import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { verifyWebhook } from '../../src/generations/webhook-signature.js';
import { FakeUpstream, togetherVideos, veniceAudio, type RecordedRequest } from '../fake-upstream/index.js';
import { micro, settled, usage } from '../support/accounting.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { eventually, readGenerationRow, waitForFinish, type GenerationJson } from '../support/generations.js';

const SECRET = 'whsec_test_0123456789abcdef';

interface WebhookEvent {
  id: string;
  type: string;
  data: GenerationJson;
}

describe('async generation jobs: Together video, Venice music, webhooks, billing', () => {
  let fake: FakeUpstream;
  let gateway: TestGateway;
  let key: string;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    gateway = await startGateway({
      env: {
        TOGETHER_API_KEY: 'tg-test',
        TOGETHER_BASE_URL: `${fake.url}/together/v1`,
        VENICE_API_KEY: 'venice-test',
        VENICE_BASE_URL: `${fake.url}/venice/api/v1`,
        SWITCHYARD_GENERATION_POLL_MS: '20',
        SWITCHYARD_GENERATION_POLL_MAX_MS: '40',
        SWITCHYARD_WEBHOOK_SECRET: SECRET,
        SWITCHYARD_WEBHOOK_RETRY_MS: '20',
      },
    });
    key = (await gateway.mintKey()).key;
  });

  beforeEach(() => {
    fake.reset();
    fake.route('POST', '/hooks', () => ({ json: { ok: true } }));
  });

  afterAll(async () => {
    await gateway?.close();
    await fake?.close();
  });

  const create = (json: unknown): Promise<Response> => gateway.request('/api/v2/generations', { method: 'POST', key, json });
  const hooks = (): WebhookEvent[] => fake.requestsTo('/hooks').map((req) => req.body as WebhookEvent);
  const signed = (req: RecordedRequest): boolean =>
    verifyWebhook(SECRET, req.rawBody.toString(), req.headers['x-switchyard-signature'] ?? '', Math.floor(Date.now() / 1000));

  it('runs a Together video job to completion, bills its reported cost once and signs its webhooks', async () => {
    fake.script('POST', '/together/v2/videos', togetherVideos.inProgress({ id: 'video-1' }));
    fake.script(
      'GET',
      '/together/v2/videos/video-1',
      togetherVideos.inProgress({ id: 'video-1' }),
      togetherVideos.inProgress({ id: 'video-1' }),
    );
    fake.route('GET', '/together/v2/videos/video-1', () =>
      togetherVideos.completed({ id: 'video-1', cost: 0.42, videoUrl: 'https://cdn.together.fake/v1.mp4' }),
    );

    const res = await create({
      type: 'video',
      model: 'together-video/google/veo-3.0',
      config: { prompt: 'A paper boat on a rainy street', seconds: '8', size: '1280x720' },
      webhookUrl: `${fake.url}/hooks`,
    });

    expect(res.status).toBe(202);
    const accepted = (await res.json()) as GenerationJson;
    expect(accepted).toMatchObject({ type: 'video', status: 'running', provider: 'together-video', model: 'google/veo-3.0' });
    const done = await waitForFinish(gateway, accepted.id, key);
    expect(done).toMatchObject({ status: 'succeeded', progress: 100, costUsd: 0.42 });
    expect(done.result.outputs).toEqual([{ url: 'https://cdn.together.fake/v1.mp4', contentType: 'video/mp4' }]);
    expect(fake.requestsTo('/together/v2/videos')[0]?.body).toEqual({
      model: 'google/veo-3.0',
      prompt: 'A paper boat on a rainy street',
      seconds: '8',
      size: '1280x720',
    });
    expect(fake.requestsTo('/together/v2/videos/video-1').length).toBeGreaterThanOrEqual(3);
    expect(await readGenerationRow(gateway.databaseUrl, accepted.id)).toMatchObject({
      status: 'succeeded',
      reserved_micro_usd: 800_000,
      cost_micro_usd: 420_000,
      refunded_at_ms: null,
    });
    expect((await readGenerationRow(gateway.databaseUrl, accepted.id)).billed_at_ms).not.toBeNull();

    await eventually(() => hooks().some((event) => event.type === 'generation.succeeded'), 'the succeeded webhook');
    const requests = fake.requestsTo('/hooks');
    expect(requests.every(signed)).toBe(true);
    expect(requests[0]?.headers['x-switchyard-event-id']).toBe(hooks()[0]?.id);
    expect(hooks().map((event) => event.type)).toEqual(['generation.running', 'generation.succeeded']);
    expect(hooks().at(-1)?.data).toMatchObject({ id: accepted.id, status: 'succeeded', costUsd: 0.42 });
  });

  it('refunds a job the provider fails and reports why', async () => {
    fake.script('POST', '/together/v2/videos', togetherVideos.inProgress({ id: 'video-2' }));
    fake.route('GET', '/together/v2/videos/video-2', () =>
      togetherVideos.failed({ id: 'video-2', message: 'prompt rejected', code: 'content_policy' }),
    );

    const res = await create({ type: 'video', provider: 'together-video', config: { prompt: 'x' }, webhookUrl: `${fake.url}/hooks` });
    const { id } = (await res.json()) as GenerationJson;
    const done = await waitForFinish(gateway, id, key);

    expect(done).toMatchObject({ status: 'failed', costUsd: 0, error: { code: 'content_policy', message: 'prompt rejected' } });
    const row = await readGenerationRow(gateway.databaseUrl, id);
    expect(row).toMatchObject({ status: 'failed', billed_at_ms: null, cost_micro_usd: 0 });
    expect(row.refunded_at_ms).not.toBeNull();
    await eventually(() => hooks().some((event) => event.type === 'generation.failed'), 'the failed webhook');
  });

  it('refunds and answers the error when the provider refuses to create the job', async () => {
    fake.script('POST', '/together/v2/videos', {
      status: 400,
      json: { error: { message: 'unknown model', type: 'invalid_request_error', code: null } },
    });

    const res = await create({ type: 'video', provider: 'together-video', model: 'nope/nope', config: { prompt: 'x' } });

    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('unknown model');
  });

  it('retries a webhook the receiver fails, with the same event id and a valid signature each time', async () => {
    fake.script('POST', '/hooks', { json: { ok: true } }, { status: 500, json: {} }, { status: 503, json: {} });
    fake.script('POST', '/together/v2/videos', togetherVideos.inProgress({ id: 'video-3' }));
    fake.route('GET', '/together/v2/videos/video-3', () => togetherVideos.completed({ id: 'video-3' }));

    const res = await create({ type: 'video', provider: 'together-video', config: { prompt: 'x' }, webhookUrl: `${fake.url}/hooks` });
    const { id } = (await res.json()) as GenerationJson;
    await waitForFinish(gateway, id, key);
    await eventually(() => fake.requestsTo('/hooks').length >= 4, 'three deliveries of the final event');

    const finals = fake.requestsTo('/hooks').filter((req) => (req.body as WebhookEvent).type === 'generation.succeeded');
    expect(finals).toHaveLength(3);
    expect(new Set(finals.map((req) => req.headers['x-switchyard-event-id'])).size).toBe(1);
    expect(finals.every(signed)).toBe(true);
  });

  it('runs a Venice music job: queue, retrieve until the bytes arrive, keep them, release the upstream copy', async () => {
    const mp3 = Buffer.concat([Buffer.from('ID3'), Buffer.alloc(20_000, 5)]);
    fake.script('POST', '/venice/api/v1/audio/queue', veniceAudio.queued({ model: 'stable-audio-fake', queueId: 'q-1' }));
    fake.script(
      'POST',
      '/venice/api/v1/audio/retrieve',
      veniceAudio.processing({ averageMs: 1000, elapsedMs: 250 }),
      veniceAudio.processing({ averageMs: 1000, elapsedMs: 600 }),
      veniceAudio.audio(mp3),
    );
    fake.script('POST', '/venice/api/v1/audio/complete', { json: { success: true } });

    const res = await create({ type: 'music', model: 'venice-music/stable-audio-fake', config: { prompt: 'lofi rain', duration: 30 } });
    const { id } = (await res.json()) as GenerationJson;
    const done = await waitForFinish(gateway, id, key);

    expect(done).toMatchObject({ status: 'succeeded', provider: 'venice-music', costUsd: 0.05 });
    const output = done.result.outputs?.[0];
    expect(output).toEqual({ url: `/api/v2/generations/${id}/content/0`, contentType: 'audio/mpeg', bytes: mp3.length });
    const content = await gateway.request(output?.url ?? '', { key });
    expect(content.headers.get('content-type')).toBe('audio/mpeg');
    expect(Buffer.from(await content.arrayBuffer())).toEqual(mp3);
    expect(fake.requestsTo('/venice/api/v1/audio/queue')[0]?.body).toEqual({
      model: 'stable-audio-fake',
      prompt: 'lofi rain',
      duration: 30,
    });
    for (const req of fake.requestsTo('/venice/api/v1/audio/retrieve'))
      expect(req.body).toEqual({ model: 'stable-audio-fake', queue_id: 'q-1' });
    await fake.waitForRequests(5);
    expect(fake.unconsumed()).toEqual([]);
    expect(fake.unscripted).toEqual([]);
  });

  it('publishes progress from the provider timing hints', async () => {
    fake.script('POST', '/venice/api/v1/audio/queue', veniceAudio.queued({ queueId: 'q-2' }));
    fake.script(
      'POST',
      '/venice/api/v1/audio/retrieve',
      veniceAudio.processing({ averageMs: 1000, elapsedMs: 500 }),
      veniceAudio.audio(Buffer.from('x')),
    );
    fake.script('POST', '/venice/api/v1/audio/complete', { json: { success: true } });

    const res = await create({
      type: 'music',
      provider: 'venice-music',
      model: 'stable-audio-fake',
      config: { prompt: 'x' },
      webhookUrl: `${fake.url}/hooks`,
    });
    const { id } = (await res.json()) as GenerationJson;
    await waitForFinish(gateway, id, key);
    await eventually(() => hooks().some((event) => event.type === 'generation.succeeded'), 'the succeeded webhook');

    expect(hooks().map((event) => [event.type, event.data.progress])).toEqual([
      ['generation.running', 0],
      ['generation.running', 50],
      ['generation.succeeded', 100],
    ]);
  });

  describe('on the credit ledger', () => {
    const createWith = (creditKey: string, json: unknown): Promise<Response> =>
      gateway.request('/api/v2/generations', { method: 'POST', key: creditKey, json });

    it('holds the estimate while the job runs, then charges the reported cost once', async () => {
      const { key: creditKey, id: keyId } = await gateway.mintKey({ creditsUsd: 5 });
      fake.script('POST', '/together/v2/videos', togetherVideos.inProgress({ id: 'video-c1' }));
      fake.script('GET', '/together/v2/videos/video-c1', togetherVideos.inProgress({ id: 'video-c1' }));
      fake.route('GET', '/together/v2/videos/video-c1', () => togetherVideos.completed({ id: 'video-c1', cost: 0.42 }));

      const res = await createWith(creditKey, { type: 'video', provider: 'together-video', config: { prompt: 'x', seconds: '8' } });
      expect(res.status).toBe(202);
      const { id } = (await res.json()) as GenerationJson;
      await waitForFinish(gateway, id, creditKey);

      const { key: after, entries } = await settled(gateway, keyId);
      expect(micro(after.balanceUsd)).toBe(5_000_000 - 420_000);
      expect(entries.filter((entry) => entry.requestId === id).map((entry) => [entry.kind, micro(entry.amountUsd)])).toEqual([
        ['hold', -800_000],
        ['release', 800_000],
        ['charge', -420_000],
      ]);
      const [record] = await usage(gateway, `keyId=${keyId}`);
      expect(record).toMatchObject({ requestId: id, provider: 'together-video', status: 200, costUsd: 0.42 });
    });

    it('leaves the balance as it was when the provider fails the job', async () => {
      const { key: creditKey, id: keyId } = await gateway.mintKey({ creditsUsd: 5 });
      fake.script('POST', '/together/v2/videos', togetherVideos.inProgress({ id: 'video-c2' }));
      fake.route('GET', '/together/v2/videos/video-c2', () =>
        togetherVideos.failed({ id: 'video-c2', message: 'no', code: 'server_error' }),
      );

      const res = await createWith(creditKey, { type: 'video', provider: 'together-video', config: { prompt: 'x' } });
      const { id } = (await res.json()) as GenerationJson;
      expect(await waitForFinish(gateway, id, creditKey)).toMatchObject({ status: 'failed', costUsd: 0 });

      const { key: after, entries } = await settled(gateway, keyId);
      expect(micro(after.balanceUsd)).toBe(5_000_000);
      expect(entries.filter((entry) => entry.requestId === id).map((entry) => entry.kind)).toEqual(['hold', 'release']);
    });

    it('refuses with 402 before asking the provider when the credits cannot cover the estimate', async () => {
      const { key: creditKey, id: keyId } = await gateway.mintKey({ creditsUsd: 0.5 });

      // 8 s at $0.10 per second: $0.80 may be spent, $0.50 is there.
      const res = await createWith(creditKey, { type: 'video', provider: 'together-video', config: { prompt: 'x', seconds: '8' } });

      expect(res.status).toBe(402);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('insufficient_credits');
      expect(body.error.message).toContain('$0.800000');
      expect(fake.requestsTo('/together/v2/videos')).toHaveLength(0);
      expect(micro((await settled(gateway, keyId)).key.balanceUsd)).toBe(500_000);
    });

    it("applies the key's provider scope to jobs", async () => {
      const { key: scoped } = await gateway.mintKey({ creditsUsd: 5, allowedProviders: ['venice-music'] });

      const res = await createWith(scoped, { type: 'video', provider: 'together-video', config: { prompt: 'x' } });

      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('venice-music');
      expect(fake.requestsTo('/together/v2/videos')).toHaveLength(0);
    });
  });
});
