import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { FakeUpstream, huggingface, openai, together, venice } from '../fake-upstream/index.js';
import { micro, settled } from '../support/accounting.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

type ErrorBody = { error: { code: string; message: string; param: string | null } };

describe('images and speech', () => {
  let fake: FakeUpstream;
  let gateway: TestGateway;
  let key: string;
  let client: OpenAI;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    gateway = await startGateway({
      env: {
        OPENAI_API_KEY: 'sk-openai-test',
        OPENAI_BASE_URL: `${fake.url}/openai/v1`,
        TOGETHER_API_KEY: 'tg-test',
        TOGETHER_BASE_URL: `${fake.url}/together/v1`,
        VENICE_API_KEY: 'venice-test',
        VENICE_BASE_URL: `${fake.url}/venice/api/v1`,
        HUGGINGFACE_API_KEY: 'hf_test',
        HUGGINGFACE_INFERENCE_URL: `${fake.url}/hf-inference`,
      },
      yaml: ['prices:', '  openai/gpt-image-1: { image: 0.167 }', '  venice/tts-kokoro: { character: 0.00001 }'].join('\n'),
    });
    key = (await gateway.mintKey()).key;
    client = new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  });

  beforeEach(() => fake.reset());

  afterAll(async () => {
    await gateway?.close();
    await fake?.close();
  });

  const post = (path: string, json: unknown): Promise<Response> => gateway.request(path, { method: 'POST', key, json });

  describe('POST /v1/images/generations', () => {
    it('generates OpenAI images through the SDK and bills them per image', async () => {
      fake.script('POST', '/openai/v1/images/generations', openai.images({ count: 2, revisedPrompt: 'a red fox' }));

      const res = await client.images
        .generate({ model: 'openai/dall-e-3', prompt: 'a fox', n: 2, size: '1024x1024', response_format: 'b64_json' })
        .withResponse();

      expect(res.data.data?.map((image) => Buffer.from(image.b64_json ?? '', 'base64').toString())).toEqual(['png-0', 'png-1']);
      expect(res.data.data?.[0]?.revised_prompt).toBe('a red fox');
      expect(res.response.headers.get('x-switchyard-cost-usd')).toBe('0.080000');
      expect(res.response.headers.get('x-switchyard-provider')).toBe('openai');
      const [upstream] = fake.requestsTo('/openai/v1/images/generations');
      expect(upstream?.body).toEqual({ model: 'dall-e-3', prompt: 'a fox', n: 2, size: '1024x1024', response_format: 'b64_json' });
      expect(upstream?.headers.authorization).toBe('Bearer sk-openai-test');
    });

    it('prices a model from the YAML file before the provider default', async () => {
      fake.script('POST', '/openai/v1/images/generations', openai.images({ urls: true }));

      const res = await post('/v1/images/generations', { model: 'openai/gpt-image-1', prompt: 'a fox' });

      expect(res.status).toBe(200);
      expect(res.headers.get('x-switchyard-cost-usd')).toBe('0.167000');
      expect(((await res.json()) as { data: unknown[] }).data).toEqual([{ url: 'https://images.openai.fake/img-0.png' }]);
    });

    it("speaks Together's dialect: width/height, base64, typed items", async () => {
      fake.script('POST', '/together/v1/images/generations', together.images({ count: 1 }));

      const res = await post('/v1/images/generations', {
        model: 'together/black-forest-labs/FLUX.1-schnell',
        prompt: 'a fox',
        size: '512x768',
        response_format: 'b64_json',
        steps: 4,
      });

      expect(res.status).toBe(200);
      const body = (await res.json()) as { data: Array<Record<string, unknown>> };
      expect(body.data).toEqual([{ b64_json: Buffer.from('flux-0').toString('base64') }]);
      expect(res.headers.get('x-switchyard-cost-usd')).toBe('0.002700');
      expect(fake.requestsTo('/together/v1/images/generations')[0]?.body).toEqual({
        model: 'black-forest-labs/FLUX.1-schnell',
        prompt: 'a fox',
        width: 512,
        height: 768,
        response_format: 'base64',
        steps: 4,
      });
    });

    it('generates Venice images on its OpenAI-shaped route', async () => {
      fake.script('POST', '/venice/api/v1/images/generations', venice.images({ count: 1 }));

      const res = await post('/v1/images/generations', { model: 'venice/flux-dev', prompt: 'a fox', style_preset: '3D Model' });

      expect(res.status).toBe(200);
      expect(res.headers.get('x-switchyard-cost-usd')).toBe('0.010000');
      expect(fake.requestsTo('/venice/api/v1/images/generations')[0]?.body).toMatchObject({ model: 'flux-dev', style_preset: '3D Model' });
    });

    it('turns Hugging Face text-to-image bytes into b64_json', async () => {
      const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
      fake.script('POST', '/hf-inference/models/stabilityai/stable-diffusion-xl-base-1.0', huggingface.image(jpeg));

      const res = await post('/v1/images/generations', {
        model: 'huggingface-inference/stabilityai/stable-diffusion-xl-base-1.0',
        prompt: 'a fox',
        size: '1024x1024',
        negative_prompt: 'blurry',
      });

      expect(res.status).toBe(200);
      const body = (await res.json()) as { data: Array<{ b64_json: string }> };
      expect(Buffer.from(body.data[0]?.b64_json ?? '', 'base64')).toEqual(jpeg);
      // No price is known for the task API: no cost header rather than a made-up zero.
      expect(res.headers.get('x-switchyard-cost-usd')).toBeNull();
      const [upstream] = fake.requestsTo('/hf-inference/models/*');
      expect(upstream?.body).toEqual({ inputs: 'a fox', parameters: { width: 1024, height: 1024, negative_prompt: 'blurry' } });
    });

    it('refuses a provider that cannot generate images, naming those that can', async () => {
      const res = await post('/v1/images/generations', { model: 'mock/echo', prompt: 'a fox' });

      expect(res.status).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.error).toMatchObject({ code: 'invalid_request', param: 'model' });
      expect(body.error.message).toContain('openai, together, venice, huggingface-inference');
    });

    it('reports an upstream refusal in the contract shape with its attempts', async () => {
      fake.script(
        'POST',
        '/openai/v1/images/generations',
        openai.error(400, 'Your prompt was rejected.', 'invalid_request_error', 'content_policy_violation', 'prompt'),
      );

      const res = await post('/v1/images/generations', { model: 'openai/dall-e-3', prompt: 'x' });

      expect(res.status).toBe(400);
      const body = (await res.json()) as ErrorBody & { error: { attempts: unknown[] } };
      expect(body.error.attempts).toHaveLength(1);
      expect(body.error.message).toContain('Your prompt was rejected.');
    });
  });

  describe('POST /v1/audio/speech', () => {
    it('streams OpenAI audio through with its content type and bills per character', async () => {
      const mp3 = Buffer.concat([Buffer.from('ID3'), Buffer.alloc(64 * 1024, 9)]);
      fake.script('POST', '/openai/v1/audio/speech', openai.speech(mp3));
      const input = 'The quick brown fox jumped over the lazy dog.';

      const res = await client.audio.speech.create({ model: 'openai/tts-1', input, voice: 'alloy' }).withResponse();

      expect(res.response.headers.get('content-type')).toBe('audio/mpeg');
      expect(res.response.headers.get('x-switchyard-cost-usd')).toBe((input.length * 0.000015).toFixed(6));
      expect(Buffer.from(await res.data.arrayBuffer())).toEqual(mp3);
      expect(fake.requestsTo('/openai/v1/audio/speech')[0]?.body).toEqual({ model: 'tts-1', input, voice: 'alloy' });
    });

    it('keeps Venice wav output and its YAML character price', async () => {
      const wav = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(1000, 3)]);
      fake.script('POST', '/venice/api/v1/audio/speech', venice.speech(wav, 'audio/wav'));

      const res = await post('/v1/audio/speech', {
        model: 'venice/tts-kokoro',
        input: 'Hello there',
        voice: 'af_sky',
        response_format: 'wav',
      });

      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('audio/wav');
      expect(res.headers.get('x-switchyard-cost-usd')).toBe('0.000110');
      expect(Buffer.from(await res.arrayBuffer())).toEqual(wav);
    });

    it('refuses a provider without speech', async () => {
      const res = await post('/v1/audio/speech', { model: 'together/cartesia/sonic', input: 'hi', voice: 'x' });

      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorBody).error.message).toContain('Providers that can: openai, venice');
    });

    it('validates the body', async () => {
      const res = await post('/v1/audio/speech', { model: 'openai/tts-1', voice: 'alloy' });

      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorBody).error.param).toBe('input');
    });
  });

  describe('keys with credits', () => {
    const postWith = (creditKey: string, path: string, json: unknown): Promise<Response> =>
      gateway.request(path, { method: 'POST', key: creditKey, json });

    it('reserves n images at the unit price and charges what was generated', async () => {
      const { key: creditKey, id } = await gateway.mintKey({ creditsUsd: 1 });
      fake.script('POST', '/openai/v1/images/generations', openai.images({ count: 2 }));

      const res = await postWith(creditKey, '/v1/images/generations', { model: 'openai/dall-e-3', prompt: 'a fox', n: 2 });

      expect(res.status).toBe(200);
      expect(res.headers.get('x-switchyard-cost-usd')).toBe('0.080000');
      const { key, entries } = await settled(gateway, id);
      expect(micro(key.balanceUsd)).toBe(1_000_000 - 80_000);
      expect(entries.map((entry) => [entry.kind, micro(entry.amountUsd)])).toEqual([
        ['credit', 1_000_000],
        ['hold', -80_000],
        ['release', 80_000],
        ['charge', -80_000],
      ]);
    });

    it('charges speech per character of the input, at the YAML price', async () => {
      const { key: creditKey, id } = await gateway.mintKey({ creditsUsd: 1 });
      fake.script('POST', '/venice/api/v1/audio/speech', venice.speech(Buffer.from('RIFF'), 'audio/wav'));

      const res = await postWith(creditKey, '/v1/audio/speech', { model: 'venice/tts-kokoro', input: 'Hello there', voice: 'af_sky' });

      expect(res.status).toBe(200);
      expect(res.headers.get('x-switchyard-cost-usd')).toBe('0.000110');
      await res.arrayBuffer();
      expect(micro((await settled(gateway, id)).key.balanceUsd)).toBe(1_000_000 - 110);
    });

    it('refuses with 402, without calling the provider, when n images cannot be covered', async () => {
      const { key: creditKey, id } = await gateway.mintKey({ creditsUsd: 0.1 });

      const res = await postWith(creditKey, '/v1/images/generations', { model: 'openai/gpt-image-1', prompt: 'a fox', n: 1 });

      expect(res.status).toBe(402);
      expect(((await res.json()) as ErrorBody).error.code).toBe('insufficient_credits');
      expect(fake.requestsTo('/openai/v1/images/generations')).toHaveLength(0);
      expect(micro((await settled(gateway, id)).key.balanceUsd)).toBe(100_000);
    });

    it('refuses a model without any unit price as unpriced', async () => {
      const { key: creditKey } = await gateway.mintKey({ creditsUsd: 1 });

      const res = await postWith(creditKey, '/v1/images/generations', {
        model: 'huggingface-inference/stabilityai/stable-diffusion-xl-base-1.0',
        prompt: 'a fox',
      });

      expect(res.status).toBe(403);
      expect(((await res.json()) as ErrorBody).error.message).toContain('No price is known');
      expect(fake.requestsTo('/hf-inference/models/*')).toHaveLength(0);
    });
  });
});
