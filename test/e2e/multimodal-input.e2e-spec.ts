import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { FakeUpstream, openai, openrouter } from '../fake-upstream/index.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

const INLINE_LIMIT = 2048;
const png = (bytes: number): string => `data:image/png;base64,${Buffer.alloc(bytes, 7).toString('base64')}`;

type ErrorBody = { error: { code: string; message: string; param: string | null } };

describe('multimodal input: images, files and audio in chat', () => {
  let fake: FakeUpstream;
  let gateway: TestGateway;
  let key: string;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    gateway = await startGateway({
      env: {
        OPENAI_API_KEY: 'sk-openai-test',
        OPENAI_BASE_URL: `${fake.url}/openai/v1`,
        OPENROUTER_API_KEY: 'sk-or-v1-test',
        OPENROUTER_BASE_URL: `${fake.url}/openrouter/v1`,
        FEATHERLESS_API_KEY: 'fl-test',
        FEATHERLESS_BASE_URL: `${fake.url}/featherless/v1`,
        SWITCHYARD_INLINE_DATA_LIMIT_BYTES: String(INLINE_LIMIT),
      },
      yaml: [
        'routes:',
        '  vision-chain:',
        '    strategy: failover',
        '    targets:',
        '      - featherless/meta-llama/Meta-Llama-3.1-70B-Instruct',
        '      - openai/gpt-4o',
      ].join('\n'),
    });
    key = (await gateway.mintKey()).key;
  });

  beforeEach(() => {
    fake.reset();
    fake.route('GET', '/openrouter/v1/models', () =>
      openrouter.models([
        { id: 'openai/gpt-4o', input_modalities: ['text', 'image', 'file'] },
        { id: 'meta-llama/llama-3.1-8b-instruct' },
        { id: 'openai/gpt-4o-audio-preview', input_modalities: ['text', 'audio'] },
      ]),
    );
  });

  afterAll(async () => {
    await gateway?.close();
    await fake?.close();
  });

  const chat = (model: string, messages: unknown[], extra: Record<string, unknown> = {}): Promise<Response> =>
    gateway.request('/v1/chat/completions', { method: 'POST', key, json: { model, messages, ...extra } });

  it('passes image, file and audio parts to a provider that takes them, byte for byte', async () => {
    fake.script('POST', '/openai/v1/chat/completions', openai.chatCompletion({ content: 'a cat' }));
    const messages = [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in these?' },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'high' } },
          { type: 'image_url', image_url: { url: png(600) } },
          {
            type: 'file',
            file: { filename: 'spec.pdf', file_data: `data:application/pdf;base64,${Buffer.from('%PDF-1.7').toString('base64')}` },
          },
          { type: 'input_audio', input_audio: { data: Buffer.alloc(900, 1).toString('base64'), format: 'wav' } },
        ],
      },
    ];

    const res = await chat('openai/gpt-4o', messages);

    expect(res.status).toBe(200);
    const [upstream] = fake.requestsTo('/openai/v1/chat/completions');
    expect((upstream?.body as { messages: unknown }).messages).toEqual(messages);
    expect(fake.unscripted).toEqual([]);
  });

  it('refuses a model without vision and names models and providers that have it', async () => {
    const res = await chat('featherless/meta-llama/Meta-Llama-3.1-70B-Instruct', [
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] },
    ]);

    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.param).toBe('messages');
    expect(body.error.message).toContain('does not accept image input');
    expect(body.error.message).toContain('openrouter/openai/gpt-4o');
    expect(body.error.message).not.toContain('openrouter/meta-llama/llama-3.1-8b-instruct');
    expect(body.error.message).toMatch(/Providers that do .*openai/);
    expect(fake.requestsTo('/featherless/*')).toEqual([]);
  });

  it("follows a model list's modalities, variant suffixes included", async () => {
    const image = [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] }];
    fake.script('POST', '/openrouter/v1/chat/completions', openrouter.chatCompletion({ content: 'a cat' }));

    const textOnly = await chat('openrouter/meta-llama/llama-3.1-8b-instruct', image);
    const nitro = await chat('openrouter/openai/gpt-4o:nitro', image);

    expect(textOnly.status).toBe(400);
    expect(((await textOnly.json()) as ErrorBody).error.message).toContain('openrouter/openai/gpt-4o');
    expect(nitro.status).toBe(200);
    const sent = fake.requestsTo('/openrouter/v1/chat/completions');
    expect(sent.map((req) => (req.body as { model: string }).model)).toEqual(['openai/gpt-4o:nitro']);
  });

  it('lets a failover route skip a target that cannot take the input', async () => {
    fake.script('POST', '/openai/v1/chat/completions', openai.chatCompletion({ content: 'a cat' }));

    const res = await chat('vision-chain', [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'what?' },
          { type: 'image_url', image_url: { url: png(100) } },
        ],
      },
    ]);

    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchyard-provider')).toBe('openai');
    expect(res.headers.get('x-switchyard-attempts')).toBe('1');
    expect(fake.requestsTo('/featherless/*')).toEqual([]);
  });

  it('answers 413 for an inline payload over the limit, naming where it is', async () => {
    const res = await chat('openai/gpt-4o', [
      { role: 'user', content: [{ type: 'image_url', image_url: { url: png(INLINE_LIMIT + 1) } }] },
    ]);

    expect(res.status).toBe(413);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('payload_too_large');
    expect(body.error.param).toBe('messages[0].content[0].image_url.url');
    expect(body.error.message).toContain('SWITCHYARD_INLINE_DATA_LIMIT_BYTES');
    expect(fake.requests.filter((req) => req.method === 'POST')).toEqual([]);
  });

  it("passes OpenRouter's PDF file-parser plugin and file parts through, for any model", async () => {
    fake.script('POST', '/openrouter/v1/chat/completions', openrouter.chatCompletion({ content: 'summary' }));
    const messages = [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Summarise' },
          { type: 'file', file: { filename: 'paper.pdf', file_data: 'https://arxiv.org/pdf/1706.03762' } },
        ],
      },
    ];
    const plugins = [{ id: 'file-parser', pdf: { engine: 'mistral-ocr' } }];

    const res = await chat('openrouter/meta-llama/llama-3.1-8b-instruct', messages, { plugins });

    expect(res.status).toBe(200);
    const [upstream] = fake.requestsTo('/openrouter/v1/chat/completions');
    expect(upstream?.body).toMatchObject({ messages, plugins });
  });

  it('refuses audio for a provider without audio input', async () => {
    const res = await chat('mock/echo', [
      { role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] },
    ]);

    expect(res.status).toBe(400);
    const message = ((await res.json()) as ErrorBody).error.message;
    expect(message).toContain('audio input');
    expect(message).toContain('openrouter/openai/gpt-4o-audio-preview');
  });
});
