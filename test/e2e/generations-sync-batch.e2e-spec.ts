import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { FakeUpstream, openai, togetherVideos } from '../fake-upstream/index.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import type { GenerationJson } from '../support/generations.js';

interface BatchJson {
  object: string;
  data: Array<{ index: number; status: string; generation: GenerationJson | null; error: { code: string; message: string } | null }>;
}

describe('generations: sync types, provider choice, batches', () => {
  let fake: FakeUpstream;
  let gateway: TestGateway;
  let key: string;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    gateway = await startGateway({
      env: {
        OPENAI_API_KEY: 'sk-openai-test',
        OPENAI_BASE_URL: `${fake.url}/openai/v1`,
        TOGETHER_API_KEY: 'tg-test',
        TOGETHER_BASE_URL: `${fake.url}/together/v1`,
        SWITCHYARD_GENERATION_POLL_MS: '1000',
        SWITCHYARD_BATCH_CONCURRENCY: '2',
      },
      yaml: [
        'generations:',
        '  defaults:',
        '    image: openai/dall-e-3',
        '    tts: openai/tts-1',
        '  projects:',
        '    studio:',
        '      video: together-video/kwaivgI/kling-2.1-master',
      ].join('\n'),
    });
    key = (await gateway.mintKey()).key;
  });

  beforeEach(() => fake.reset());

  afterAll(async () => {
    await gateway?.close();
    await fake?.close();
  });

  const post = (path: string, json: unknown, as = key): Promise<Response> => gateway.request(path, { method: 'POST', key: as, json });

  it('answers a text generation in the request', async () => {
    const res = await post('/api/v2/generations', {
      type: 'text',
      model: 'mock/echo',
      config: { messages: [{ role: 'user', content: 'hello there' }] },
    });

    expect(res.status).toBe(200);
    const generation = (await res.json()) as GenerationJson;
    expect(generation).toMatchObject({ type: 'text', status: 'succeeded', provider: 'mock', model: 'echo', progress: 100 });
    expect(generation.result.completion).toMatchObject({
      object: 'chat.completion',
      choices: [{ message: { content: 'You said: hello there' } }],
    });
    const again = await gateway.request(`/api/v2/generations/${generation.id}`, { key });
    expect(await again.json()).toEqual(generation);
  });

  it('generates an image with the default provider, records its unit price and serves the bytes', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    fake.script('POST', '/openai/v1/images/generations', {
      json: { created: 1, data: [{ b64_json: png.toString('base64') }, { url: 'https://img.fake/2.png' }] },
    });

    const res = await post('/api/v2/generations', { type: 'image', config: { prompt: 'a fox', n: 2, response_format: 'b64_json' } });

    expect(res.status).toBe(200);
    const generation = (await res.json()) as GenerationJson;
    expect(generation).toMatchObject({ status: 'succeeded', provider: 'openai', model: 'dall-e-3', costUsd: 0.08 });
    expect(generation.result.outputs).toEqual([
      { url: `/api/v2/generations/${generation.id}/content/0`, contentType: 'image/png', bytes: png.length },
      { url: 'https://img.fake/2.png', contentType: null },
    ]);
    expect(fake.requestsTo('/openai/v1/images/generations')[0]?.body).toMatchObject({ model: 'dall-e-3', prompt: 'a fox', n: 2 });
    const content = await gateway.request(`/api/v2/generations/${generation.id}/content/0`, { key });
    expect(content.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await content.arrayBuffer())).toEqual(png);
  });

  it('generates speech, priced per character, and keeps the audio', async () => {
    const audio = Buffer.alloc(4096, 1);
    fake.script('POST', '/openai/v1/audio/speech', openai.speech(audio, 'audio/opus'));
    const input = 'Twelve chars';

    const res = await post('/api/v2/generations', { type: 'tts', config: { input, voice: 'nova', response_format: 'opus' } });

    const generation = (await res.json()) as GenerationJson;
    expect(generation).toMatchObject({ status: 'succeeded', provider: 'openai', model: 'tts-1', costUsd: input.length * 0.000015 });
    const content = await gateway.request(generation.result.outputs?.[0]?.url ?? '', { key });
    expect(content.headers.get('content-type')).toBe('audio/opus');
    expect(Buffer.from(await content.arrayBuffer())).toEqual(audio);
  });

  it("picks the video provider and model from the key's project", async () => {
    fake.script('POST', '/together/v2/videos', togetherVideos.inProgress({ id: 'video-studio' }));
    fake.route('GET', '/together/v2/videos/video-studio', () => togetherVideos.inProgress({ id: 'video-studio' }));
    const studio = await gateway.mintKey({ ownerProject: 'studio' });

    const res = await post('/api/v2/generations', { type: 'video', config: { prompt: 'x' } }, studio.key);

    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ provider: 'together-video', model: 'kwaivgI/kling-2.1-master', status: 'running' });
    expect(fake.requestsTo('/together/v2/videos')[0]?.body).toMatchObject({ model: 'kwaivgI/kling-2.1-master' });
  });

  it('asks for a provider when none is named, configured or alone', async () => {
    const res = await post('/api/v2/generations', { type: 'music', config: { prompt: 'x' } });

    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { param: string; message: string } };
    expect(body.error.param).toBe('provider');
    expect(body.error.message).toContain('generations.defaults.music');
  });

  it("hides another key's generation", async () => {
    const res = await post('/api/v2/generations', {
      type: 'text',
      model: 'mock/echo',
      config: { messages: [{ role: 'user', content: 'x' }] },
    });
    const { id } = (await res.json()) as GenerationJson;
    const other = await gateway.mintKey();

    expect((await gateway.request(`/api/v2/generations/${id}`, { key: other.key })).status).toBe(404);
    expect((await gateway.request(`/api/v2/generations/${id}/content/0`, { key: other.key })).status).toBe(404);
    expect((await gateway.request(`/api/v2/generations/${id}`)).status).toBe(200);
  });

  it('answers a batch in order, isolating a failed item, with one charge per item', async () => {
    fake.route('POST', '/openai/v1/images/generations', () => openai.images({ count: 1, urls: true }));
    fake.script('POST', '/together/v2/videos', togetherVideos.inProgress({ id: 'video-batch' }));
    fake.route('GET', '/together/v2/videos/video-batch', () => togetherVideos.inProgress({ id: 'video-batch' }));

    const res = await post('/api/v2/generations/batch', {
      items: [
        { type: 'image', config: { prompt: 'one' } },
        { type: 'image', model: 'mock/echo', config: { prompt: 'two' } },
        { type: 'text', model: 'mock/echo', config: { messages: [{ role: 'user', content: 'three' }] } },
        { type: 'video', provider: 'together-video', config: { prompt: 'four' } },
        { type: 'nonsense' },
        { type: 'image', config: { prompt: 'six' } },
      ],
    });

    expect(res.status).toBe(200);
    const body = (await res.json()) as BatchJson;
    expect(body.data.map((item) => [item.index, item.status])).toEqual([
      [0, 'succeeded'],
      [1, 'failed'],
      [2, 'succeeded'],
      [3, 'running'],
      [4, 'failed'],
      [5, 'succeeded'],
    ]);
    expect(body.data[1]?.error).toMatchObject({ code: 'invalid_request', param: 'model' });
    expect(body.data[4]?.error).toMatchObject({ code: 'invalid_request', param: 'type' });
    expect(body.data[2]?.generation?.result.completion).toMatchObject({ choices: [{ message: { content: 'You said: three' } }] });
    expect(body.data.filter((item) => item.generation?.type === 'image').map((item) => item.generation?.costUsd)).toEqual([0.04, 0.04]);
    expect(new Set(body.data.map((item) => item.generation?.id).filter(Boolean)).size).toBe(4);
    expect(fake.requestsTo('/openai/v1/images/generations')).toHaveLength(2);
  });

  it('stops a sequential batch at the first failure when continueOnError is false', async () => {
    fake.route('POST', '/openai/v1/images/generations', () => openai.images({ count: 1, urls: true }));

    const res = await post('/api/v2/generations/batch', {
      parallel: false,
      continueOnError: false,
      items: [
        { type: 'image', config: { prompt: 'one' } },
        { type: 'image', model: 'mock/echo', config: { prompt: 'two' } },
        { type: 'image', config: { prompt: 'three' } },
      ],
    });

    const body = (await res.json()) as BatchJson;
    expect(body.data.map((item) => item.status)).toEqual(['succeeded', 'failed', 'skipped']);
    expect(body.data[2]).toEqual({ index: 2, status: 'skipped', generation: null, error: null });
    expect(fake.requestsTo('/openai/v1/images/generations')).toHaveLength(1);
  });

  it('validates the batch envelope', async () => {
    const empty = await post('/api/v2/generations/batch', { items: [] });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { param: string } }).error.param).toBe('items');
  });
});
