import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeUpstream, togetherVideos } from '../fake-upstream/index.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { eventually, readGenerationRow, waitForFinish, type GenerationJson } from '../support/generations.js';

const env = (fake: FakeUpstream): Record<string, string> => ({
  TOGETHER_API_KEY: 'tg-test',
  TOGETHER_BASE_URL: `${fake.url}/together/v1`,
  SWITCHYARD_GENERATION_POLL_MS: '30',
  SWITCHYARD_GENERATION_POLL_MAX_MS: '60',
  // Short, so the second process takes over the killed one's job quickly.
  SWITCHYARD_GENERATION_LEASE_MS: '500',
  SWITCHYARD_WEBHOOK_SECRET: 'whsec_restart_0123456789',
});

describe('an async job survives a gateway killed mid-poll (PostgreSQL)', () => {
  let fake: FakeUpstream;
  let first: TestGateway;
  let second: TestGateway | undefined;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    first = await startGateway({ env: env(fake), database: 'postgres' });
  });

  afterAll(async () => {
    await second?.close();
    await first?.close();
    await fake?.close();
  });

  it('is resumed by a new process on the same database and completes exactly once, with one charge', async () => {
    let finished = false;
    fake.route('POST', '/hooks', () => ({ json: { ok: true } }));
    fake.script('POST', '/together/v2/videos', togetherVideos.inProgress({ id: 'video-restart' }));
    fake.route('GET', '/together/v2/videos/video-restart', () =>
      finished ? togetherVideos.completed({ id: 'video-restart', cost: 0.75 }) : togetherVideos.inProgress({ id: 'video-restart' }),
    );
    const { key } = await first.mintKey();

    const res = await first.request('/api/v2/generations', {
      method: 'POST',
      key,
      json: { type: 'video', provider: 'together-video', config: { prompt: 'a lighthouse' }, webhookUrl: `${fake.url}/hooks` },
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as GenerationJson;
    await eventually(() => fake.requestsTo('/together/v2/videos/video-restart').length >= 2, 'the first process to poll');

    expect(await first.stop('SIGKILL')).toBeNull();
    const pollsBeforeKill = fake.requestsTo('/together/v2/videos/video-restart').length;
    finished = true;
    second = await startGateway({ env: env(fake), databaseUrl: first.databaseUrl });
    const done = await waitForFinish(second, id, key);

    expect(done).toMatchObject({ status: 'succeeded', costUsd: 0.75 });
    expect(fake.requestsTo('/together/v2/videos/video-restart').length).toBeGreaterThan(pollsBeforeKill);
    expect(fake.requestsTo('/together/v2/videos')).toHaveLength(1);
    const row = await readGenerationRow(first.databaseUrl, id);
    expect(row).toMatchObject({ status: 'succeeded', cost_micro_usd: 750_000, refunded_at_ms: null });
    expect(row.billed_at_ms).not.toBeNull();
    await eventually(
      () => fake.requestsTo('/hooks').some((req) => (req.body as { type: string }).type === 'generation.succeeded'),
      'the webhook',
    );
    const completions = fake.requestsTo('/hooks').filter((req) => (req.body as { type: string }).type === 'generation.succeeded');
    expect(completions).toHaveLength(1);
  });
});
