import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { compatible, FakeUpstream, featherless, huggingface, openai, openrouter, together, venice } from '../fake-upstream/index.js';
import type { ScriptStep, SseResponseStep } from '../fake-upstream/index.js';
import { SINGLE_TRY_DEFAULTS, startGateway, type TestGateway } from '../support/gateway.js';

type Json = Record<string, unknown>;

interface Flavour {
  provider: string;
  /** The fake's path for the provider's base URL + /chat/completions. */
  path: string;
  model: string;
  key: string;
  reply: (content: string) => ScriptStep;
  stream: (deltas: string[]) => SseResponseStep;
}

const FLAVOURS: Flavour[] = [
  {
    provider: 'openai',
    path: '/openai/v1/chat/completions',
    model: 'gpt-4o',
    key: 'sk-prov-openai-0001',
    reply: (content) => openai.chatCompletion({ content }),
    stream: (deltas) => openai.chatStream({ deltas, usage: { promptTokens: 4, completionTokens: 2 } }),
  },
  {
    provider: 'openrouter',
    path: '/openrouter/api/v1/chat/completions',
    model: 'anthropic/claude-3-sonnet',
    key: 'sk-or-v1-prov0001',
    reply: (content) => openrouter.chatCompletion({ content }),
    stream: (deltas) => openrouter.chatStream({ deltas }),
  },
  {
    provider: 'together',
    path: '/together/v1/chat/completions',
    model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
    key: 'tg-prov-0001',
    reply: (content) => together.chatCompletion({ content }),
    stream: (deltas) => together.chatStream({ deltas }),
  },
  {
    provider: 'featherless',
    path: '/featherless/v1/chat/completions',
    model: 'meta-llama/Meta-Llama-3.1-8B-Instruct',
    key: 'rc_prov_featherless_0001',
    reply: (content) => compatible.chatCompletion({ content }),
    stream: (deltas) => compatible.chatStream({ deltas }),
  },
  {
    provider: 'venice',
    path: '/venice/api/v1/chat/completions',
    model: 'llama-3.3-70b',
    key: 'venice-prov-0001',
    reply: (content) => venice.chatCompletion({ content }),
    stream: (deltas) => compatible.chatStream({ deltas, usage: { promptTokens: 4, completionTokens: 2 } }),
  },
  {
    provider: 'huggingface',
    path: '/hf/v1/chat/completions',
    // The router's `:provider` suffix pins the serving provider and passes through untouched.
    model: 'meta-llama/Llama-3.1-8B-Instruct:together',
    key: 'hf_prov0001',
    reply: (content) => compatible.chatCompletion({ content }),
    stream: (deltas) => compatible.chatStream({ deltas }),
  },
];

/** Every field some vendor understands, plus the OpenAI extensions everybody accepts. */
const RICH_BODY: Json = {
  messages: [
    {
      role: 'user',
      content: [
        // Text parts only: image parts are routed by model capability (multimodal-input.e2e-spec covers them).
        { type: 'text', text: 'Describe a ' },
        { type: 'text', text: 'sunny day.' },
      ],
    },
  ],
  tools: [
    { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
  ],
  tool_choice: 'auto',
  response_format: { type: 'json_object' },
  provider: { order: ['OpenAI', 'Azure'], allow_fallbacks: false },
  models: ['anthropic/claude-3-sonnet', 'openai/gpt-4o'],
  plugins: [{ id: 'web', max_results: 3 }],
  transforms: ['middle-out'],
  route: 'fallback',
  venice_parameters: { enable_web_search: 'on', include_venice_system_prompt: false },
};
const OPENROUTER_FIELDS = ['provider', 'models', 'plugins', 'transforms', 'route'];
const VENICE_FIELDS = ['venice_parameters'];
const EVERYONE_FIELDS = ['messages', 'tools', 'tool_choice', 'response_format'];

describe('providers: each flavour behind the gateway', () => {
  let fake: FakeUpstream;
  let gateway: TestGateway;
  let client: OpenAI;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    const env: Record<string, string> = {
      HUGGINGFACE_INFERENCE_URL: `${fake.url}/hf-inference`,
      HUGGINGFACE_INFERENCE_API_KEY: 'hf_inference0001',
    };
    for (const flavour of FLAVOURS) {
      const name = flavour.provider.toUpperCase();
      env[`${name}_API_KEY`] = flavour.key;
      env[`${name}_BASE_URL`] = fake.url + flavour.path.replace('/chat/completions', '');
    }
    gateway = await startGateway({
      env,
      yaml: [
        SINGLE_TRY_DEFAULTS + 'providers:',
        '  local-vllm:',
        '    kind: openai-compatible',
        `    baseUrl: ${fake.url}/vllm/v1`,
        '    headers:',
        '      x-tenant: switchyard-tests',
        '  huggingface-inference:',
        '    models: [facebook/bart-large-cnn]',
      ].join('\n'),
    });
    const { key } = await gateway.mintKey();
    client = new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  });

  afterEach(() => {
    expect(fake.unscripted).toEqual([]);
    expect(fake.unconsumed()).toEqual([]);
    fake.reset();
  });

  afterAll(async () => {
    await gateway?.close();
    await fake?.close();
  });

  const chat = (body: Json): Promise<Response> => gateway.request('/v1/chat/completions', { method: 'POST', json: body });

  const serveModelLists = (): void => {
    fake.route('GET', '/openrouter/api/v1/models', () => openrouter.models([{ id: 'anthropic/claude-3-sonnet' }]));
    fake.route('GET', '/together/v1/models', () => together.models([]));
    fake.route('GET', '/featherless/v1/models', () => featherless.models([]));
    fake.route('GET', '/venice/api/v1/models', () => venice.models([]));
    fake.route('GET', '/hf/v1/models', () => huggingface.models([]));
    for (const path of ['/openai/v1/models', '/vllm/v1/models']) fake.route('GET', path, () => openai.models([]));
  };

  describe.each(FLAVOURS)('$provider', (flavour) => {
    it('reaches the upstream path with the model id and its own key', async () => {
      fake.script('POST', flavour.path, flavour.reply(`hello from ${flavour.provider}`));
      const completion = await client.chat.completions.create({
        model: `${flavour.provider}/${flavour.model}`,
        messages: [{ role: 'user', content: 'hi' }],
      });
      expect(completion.choices[0].message.content).toBe(`hello from ${flavour.provider}`);
      const [req] = fake.requestsTo(flavour.path);
      expect(req.method).toBe('POST');
      expect(req.headers.authorization).toBe(`Bearer ${flavour.key}`);
      expect(req.body).toMatchObject({ model: flavour.model, messages: [{ role: 'user', content: 'hi' }] });
    });

    it('streams through the openai SDK', async () => {
      fake.script('POST', flavour.path, flavour.stream(['Hel', 'lo']));
      const stream = await client.chat.completions.create({
        model: `${flavour.provider}/${flavour.model}`,
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      expect(text).toBe('Hello');
      expect(fake.requestsTo(flavour.path)[0].body).toMatchObject({ model: flavour.model, stream: true });
    });

    it('passes the vendor fields it accepts and strips the others', async () => {
      // Outside OpenRouter, `models` entries are gateway fallbacks, resolved before the request is sent: the
      // bare 'anthropic/claude-3-sonnet' is looked up in every enabled provider's list (contract §2), where
      // OpenRouter has it. Handlers, not scripts: the catalog keeps a fetched list for five minutes.
      if (flavour.provider !== 'openrouter') serveModelLists();
      fake.script('POST', flavour.path, flavour.reply('ok'));
      const res = await chat({ model: `${flavour.provider}/${flavour.model}`, ...RICH_BODY });
      expect(res.status).toBe(200);
      const sent = fake.requestsTo(flavour.path)[0].body as Json;
      const accepted = flavour.provider === 'openrouter' ? OPENROUTER_FIELDS : flavour.provider === 'venice' ? VENICE_FIELDS : [];
      for (const field of [...EVERYONE_FIELDS, ...accepted]) expect(sent[field]).toEqual(RICH_BODY[field]);
      for (const field of [...OPENROUTER_FIELDS, ...VENICE_FIELDS].filter((f) => !accepted.includes(f))) {
        expect(sent).not.toHaveProperty(field);
      }
    });
  });

  it('featherless and openrouter identify the app with their requested headers', async () => {
    fake.script('POST', '/featherless/v1/chat/completions', compatible.chatCompletion());
    fake.script('POST', '/openrouter/api/v1/chat/completions', openrouter.chatCompletion());
    for (const model of ['featherless/m', 'openrouter/openai/gpt-4o']) {
      expect((await chat({ model, messages: [{ role: 'user', content: 'hi' }] })).status).toBe(200);
    }
    const featherlessHeaders = fake.requestsTo('/featherless/v1/chat/completions')[0].headers;
    expect(featherlessHeaders['http-referer']).toEqual(expect.any(String));
    expect(featherlessHeaders['x-title']).toBe('Switchyard');
    expect(fake.requestsTo('/openrouter/api/v1/chat/completions')[0].headers['x-title']).toBe('Switchyard');
  });

  it('an openrouter 200 with finish_reason "error" is a failure, not a success', async () => {
    const step = openrouter.chatCompletion({ content: 'partial' });
    const json = step.json as { choices: Array<Json> };
    json.choices[0] = { ...json.choices[0], finish_reason: 'error', error: { code: 502, message: 'Provider disconnected' } };
    fake.script('POST', '/openrouter/api/v1/chat/completions', step);
    const res = await chat({ model: 'openrouter/openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: Json }).error).toMatchObject({ code: 'upstream_error', source: 'provider' });
  });

  it('spots a cold Featherless model by its quirk (a 400 whose only signal is the message)', async () => {
    fake.script('POST', '/featherless/v1/chat/completions', featherless.coldModel());
    const res = await chat({ model: 'featherless/meta-llama/Meta-Llama-3.1-8B-Instruct', messages: [{ role: 'user', content: 'hi' }] });
    // Recognised as a cold start, not a bad request: with no time allowed to wait for it to warm
    // (SINGLE_TRY_DEFAULTS), the gateway answers that no target can serve now (README "Resilience").
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: Json }).error).toMatchObject({
      code: 'no_provider_available',
      attempts: [{ provider: 'featherless', status: 400, code: 'model_cold', outcome: 'cold_start' }],
    });
  });

  it('an operation the provider does not serve is a 400, without an upstream call', async () => {
    for (const [path, body] of [
      ['/v1/embeddings', { model: 'featherless/m', input: 'x' }],
      ['/v1/completions', { model: 'huggingface/meta-llama/Llama-3.1-8B-Instruct', prompt: 'x' }],
    ] as const) {
      const res = await gateway.request(path, { method: 'POST', json: body });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string; message: string } }).error.message).toContain('does not serve');
    }
    expect(fake.requests).toEqual([]);
  });

  describe('huggingface-inference (task API)', () => {
    const TASK_PATH = '/hf-inference/models/facebook/bart-large-cnn';
    const article = 'The tower is 324 metres tall, about the same height as an 81-storey building, and the tallest structure in Paris.';

    it('maps a chat request for facebook/bart-large-cnn onto summarization and back', async () => {
      fake.script('POST', TASK_PATH, huggingface.summarization('The tower is the tallest structure in Paris.'));
      const completion = await client.chat.completions.create({
        model: 'huggingface-inference/facebook/bart-large-cnn',
        messages: [
          { role: 'system', content: 'Summarize.' },
          { role: 'user', content: article },
        ],
        max_tokens: 60,
      });
      expect(completion.object).toBe('chat.completion');
      expect(completion.choices[0]).toMatchObject({
        message: { role: 'assistant', content: 'The tower is the tallest structure in Paris.' },
        finish_reason: 'stop',
      });
      // The task API reports no usage, so the gateway counts it.
      expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
      expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
      const [req] = fake.requestsTo(TASK_PATH);
      expect(req.body).toEqual({ inputs: article, parameters: { max_new_tokens: 60 } });
      expect(req.headers.authorization).toBe('Bearer hf_inference0001');
    });

    it('maps a completions request onto the task API and returns a text completion', async () => {
      fake.script('POST', TASK_PATH, huggingface.summarization('A tall tower.'));
      const completion = await client.completions.create({ model: 'huggingface-inference/facebook/bart-large-cnn', prompt: article });
      expect(completion.choices[0].text).toBe('A tall tower.');
      expect(fake.requestsTo(TASK_PATH)[0].body).toEqual({ inputs: article });
    });

    it('streams the task answer as one chunk', async () => {
      fake.script('POST', TASK_PATH, huggingface.summarization('Short.'));
      const stream = await client.chat.completions.create({
        model: 'huggingface-inference/facebook/bart-large-cnn',
        messages: [{ role: 'user', content: article }],
        stream: true,
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      expect(text).toBe('Short.');
    });

    it('a loading model (503 with estimated_time) is reported as a cold start', async () => {
      fake.script('POST', TASK_PATH, huggingface.loading(20.5));
      const res = await chat({ model: 'huggingface-inference/facebook/bart-large-cnn', messages: [{ role: 'user', content: article }] });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('21');
      expect(((await res.json()) as { error: Json }).error).toMatchObject({
        code: 'no_provider_available',
        attempts: [{ provider: 'huggingface-inference', status: 503, code: 'model_loading', outcome: 'cold_start' }],
      });
    });

    it('lists the models configured in YAML', async () => {
      const res = await gateway.request('/v1/models/huggingface-inference/facebook/bart-large-cnn');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: 'huggingface-inference/facebook/bart-large-cnn' });
    });
  });

  describe('YAML openai-compatible provider without a key', () => {
    it('is enabled and sends no Authorization header, but its configured headers', async () => {
      fake.script('POST', '/vllm/v1/chat/completions', compatible.chatCompletion({ content: 'from vllm' }));
      const completion = await client.chat.completions.create({
        model: 'local-vllm/qwen2.5-7b',
        messages: [{ role: 'user', content: 'hi' }],
      });
      expect(completion.choices[0].message.content).toBe('from vllm');
      const [req] = fake.requestsTo('/vllm/v1/chat/completions');
      expect(req.headers.authorization).toBeUndefined();
      expect(req.headers['x-tenant']).toBe('switchyard-tests');
      expect(req.body).toMatchObject({ model: 'qwen2.5-7b' });
    });

    it('a tool call from a server that reports no usage is counted, not billed as zero output', async () => {
      const step = compatible.chatCompletion({
        toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo","unit":"celsius"}' }],
      });
      delete (step.json as Json).usage;
      fake.script('POST', '/vllm/v1/chat/completions', step);
      const completion = await client.chat.completions.create({
        model: 'local-vllm/qwen2.5-7b',
        messages: [{ role: 'user', content: 'Weather in Oslo?' }],
        tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
      });
      expect(completion.choices[0].message.tool_calls?.[0]).toMatchObject({ function: { name: 'get_weather' } });
      expect(completion.usage?.completion_tokens).toBeGreaterThan(5);
    });

    it('serves completions and embeddings on the same base', async () => {
      fake.script('POST', '/vllm/v1/completions', compatible.completion({ text: 'done' }));
      fake.script('POST', '/vllm/v1/embeddings', openai.embeddings(1, 2, 'bge'));
      const completion = await client.completions.create({ model: 'local-vllm/qwen2.5-7b', prompt: 'x' });
      expect(completion.choices[0].text).toBe('done');
      const embedding = await client.embeddings.create({ model: 'local-vllm/bge', input: 'x', encoding_format: 'float' });
      expect(embedding.data[0].embedding).toHaveLength(2);
    });
  });

  describe('mock', () => {
    it('echoes deterministically, streams and embeds without any upstream', async () => {
      const completion = await client.chat.completions.create({ model: 'mock/echo', messages: [{ role: 'user', content: 'ping pong' }] });
      expect(completion.choices[0].message.content).toBe('You said: ping pong');

      const stream = await client.chat.completions.create({
        model: 'mock/lorem',
        messages: [{ role: 'user', content: 'x' }],
        max_tokens: 4,
        stream: true,
      });
      const words: string[] = [];
      for await (const chunk of stream) if (chunk.choices[0]?.delta?.content) words.push(chunk.choices[0].delta.content);
      expect(words.join('')).toBe('lorem ipsum dolor sit');

      const first = await client.embeddings.create({ model: 'mock/echo', input: 'same', encoding_format: 'float' });
      const second = await client.embeddings.create({ model: 'mock/echo', input: 'same', encoding_format: 'float' });
      expect(first.data[0].embedding).toEqual(second.data[0].embedding);
      expect(fake.requests).toEqual([]);
    });

    it('fails on request with the chosen upstream status', async () => {
      const res = await chat({ model: 'mock/echo', messages: [{ role: 'user', content: 'x' }], mock: { status: 503 } });
      expect(res.status).toBe(502);
      expect(((await res.json()) as { error: Json }).error).toMatchObject({
        code: 'upstream_error',
        attempts: [{ provider: 'mock', status: 503 }],
      });
    });
  });
});
