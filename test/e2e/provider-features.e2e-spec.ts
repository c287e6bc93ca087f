import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { FakeUpstream, openrouter, together, venice } from '../fake-upstream/index.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

const TOGETHER_MODEL = 'meta-llama/Llama-3.3-70B-Instruct-Turbo';

describe('provider features through the gateway', () => {
  let fake: FakeUpstream;
  let gateway: TestGateway;
  let client: OpenAI;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    gateway = await startGateway({
      env: {
        OPENROUTER_API_KEY: 'sk-or-v1-test',
        OPENROUTER_BASE_URL: `${fake.url}/openrouter/v1`,
        TOGETHER_API_KEY: 'tg-test',
        TOGETHER_BASE_URL: `${fake.url}/together/v1`,
        VENICE_API_KEY: 'venice-test',
        VENICE_BASE_URL: `${fake.url}/venice/api/v1`,
      },
    });
    const { key } = await gateway.mintKey();
    client = new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  });

  beforeEach(() => fake.reset());

  afterAll(async () => {
    await gateway?.close();
    await fake?.close();
  });

  describe('OpenRouter provider routing', () => {
    it('passes `provider`, `models` and a `:nitro` variant through, and returns the serving provider', async () => {
      fake.script(
        'POST',
        '/openrouter/v1/chat/completions',
        openrouter.chatCompletion({ model: 'anthropic/claude-3.5-sonnet', provider: 'Anthropic', content: 'routed' }),
      );
      const provider = { order: ['Anthropic', 'OpenAI'], allow_fallbacks: false, sort: 'throughput', data_collection: 'deny' };
      const models = ['openai/gpt-4o', 'anthropic/claude-3.5-sonnet'];

      const res = await gateway.request('/v1/chat/completions', {
        method: 'POST',
        key: client.apiKey,
        json: { model: 'openrouter/openai/gpt-4o:nitro', provider, models, messages: [{ role: 'user', content: 'hi' }] },
      });

      expect(res.status).toBe(200);
      const body = (await res.json()) as { model: string; provider: string; usage: { cost: number } };
      expect(body).toMatchObject({ model: 'anthropic/claude-3.5-sonnet', provider: 'Anthropic' });
      expect(body.usage.cost).toBeGreaterThan(0);
      const [upstream] = fake.requestsTo('/openrouter/v1/chat/completions');
      expect(upstream?.body).toMatchObject({ model: 'openai/gpt-4o:nitro', provider, models });
    });
  });

  describe('Venice parameters', () => {
    const citations = [{ title: 'Oslo weather', url: 'https://weather.example/oslo', content: 'Rain', date: '2026-05-01' }];
    const veniceParameters = { enable_web_search: 'on', enable_web_citations: true, include_venice_system_prompt: false };

    it('sends venice_parameters and returns the web search citations', async () => {
      fake.script(
        'POST',
        '/venice/api/v1/chat/completions',
        venice.chatCompletion({ veniceParameters, citations, content: 'Rain [REF]0[/REF]' }),
      );

      const res = await gateway.request('/v1/chat/completions', {
        method: 'POST',
        key: client.apiKey,
        json: { model: 'venice/llama-3.3-70b', venice_parameters: veniceParameters, messages: [{ role: 'user', content: 'Oslo?' }] },
      });

      expect(res.status).toBe(200);
      const body = (await res.json()) as { venice_parameters: { web_search_citations: unknown } };
      expect(body.venice_parameters.web_search_citations).toEqual(citations);
      expect(fake.requestsTo('/venice/api/v1/chat/completions')[0]?.body).toMatchObject({ venice_parameters: veniceParameters });
    });

    it('streams the search results chunk to the client before the answer', async () => {
      fake.script('POST', '/venice/api/v1/chat/completions', venice.chatStream({ deltas: ['Ra', 'in'], searchResults: citations }));
      const parameters = { ...veniceParameters, include_search_results_in_stream: true };

      // Venice's extension is not in the OpenAI types.
      const params: OpenAI.ChatCompletionCreateParamsStreaming & { venice_parameters: unknown } = {
        model: 'venice/llama-3.3-70b',
        messages: [{ role: 'user', content: 'Oslo?' }],
        stream: true,
        venice_parameters: parameters,
      };
      const stream = await client.chat.completions.create(params);
      const chunks: Array<Record<string, unknown>> = [];
      for await (const chunk of stream) chunks.push(chunk as unknown as Record<string, unknown>);

      expect(chunks[0]?.venice_search_results).toEqual(citations);
      const text = chunks.map((c) => (c.choices as Array<{ delta?: { content?: string } }>)[0]?.delta?.content ?? '').join('');
      expect(text).toBe('Rain');
      expect(fake.requestsTo('/venice/api/v1/chat/completions')[0]?.body).toMatchObject({ venice_parameters: parameters });
    });
  });

  describe('Together tools and structured output', () => {
    const tools = [
      {
        type: 'function' as const,
        function: {
          name: 'get_weather',
          description: 'Weather for a city',
          parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } }, required: ['city'] },
        },
      },
    ];

    it('streams tool-call deltas that assemble into whole arguments for several calls', async () => {
      const calls = [
        { id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo","unit":"celsius"}' },
        { id: 'call_2', name: 'get_weather', arguments: '{"city":"Bergen"}' },
      ];
      fake.script('POST', '/together/v1/chat/completions', together.chatStream({ deltas: [], toolCalls: calls }));

      const stream = await client.chat.completions.create({
        model: `together/${TOGETHER_MODEL}`,
        messages: [{ role: 'user', content: 'Weather in Oslo and Bergen?' }],
        tools,
        tool_choice: 'auto',
        stream: true,
      });
      const assembled: Array<{ id?: string; name?: string; arguments: string }> = [];
      let finish: string | null = null;
      for await (const chunk of stream) {
        for (const delta of chunk.choices[0]?.delta?.tool_calls ?? []) {
          const call = (assembled[delta.index] ??= { arguments: '' });
          call.id ??= delta.id;
          call.name ??= delta.function?.name;
          call.arguments += delta.function?.arguments ?? '';
        }
        finish = chunk.choices[0]?.finish_reason ?? finish;
      }

      expect(finish).toBe('tool_calls');
      expect(assembled.map((c) => ({ id: c.id, name: c.name, args: JSON.parse(c.arguments) as unknown }))).toEqual([
        { id: 'call_1', name: 'get_weather', args: { city: 'Oslo', unit: 'celsius' } },
        { id: 'call_2', name: 'get_weather', args: { city: 'Bergen' } },
      ]);
      expect(fake.requestsTo('/together/v1/chat/completions')[0]?.body).toMatchObject({ tools, tool_choice: 'auto', stream: true });
    });

    it('returns a non-streamed tool call with its arguments intact', async () => {
      const call = { id: 'call_9', name: 'get_weather', arguments: '{"city":"Tromsø"}' };
      fake.script('POST', '/together/v1/chat/completions', together.chatCompletion({ toolCalls: [call] }));

      const completion = await client.chat.completions.create({
        model: `together/${TOGETHER_MODEL}`,
        messages: [{ role: 'user', content: 'Weather?' }],
        tools,
      });

      const [toolCall] = completion.choices[0]?.message.tool_calls ?? [];
      expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
      expect(toolCall).toMatchObject({ id: 'call_9', function: { name: 'get_weather', arguments: '{"city":"Tromsø"}' } });
    });

    it('streams a json_schema answer whole and forwards the schema untouched', async () => {
      const answer = JSON.stringify({ city: 'Oslo', temperatureC: 7, conditions: ['rain', 'wind'] });
      const pieces = [answer.slice(0, 5), answer.slice(5, 20), answer.slice(20, 33), answer.slice(33)];
      fake.script('POST', '/together/v1/chat/completions', together.chatStream({ deltas: pieces }));
      const responseFormat = {
        type: 'json_schema' as const,
        json_schema: {
          name: 'weather',
          strict: true,
          schema: {
            type: 'object',
            properties: {
              city: { type: 'string' },
              temperatureC: { type: 'number' },
              conditions: { type: 'array', items: { type: 'string' } },
            },
            required: ['city', 'temperatureC', 'conditions'],
          },
        },
      };

      const stream = await client.chat.completions.create({
        model: `together/${TOGETHER_MODEL}`,
        messages: [{ role: 'user', content: 'Weather in Oslo as JSON' }],
        response_format: responseFormat,
        stream: true,
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';

      expect(JSON.parse(text)).toEqual({ city: 'Oslo', temperatureC: 7, conditions: ['rain', 'wind'] });
      expect(fake.requestsTo('/together/v1/chat/completions')[0]?.body).toMatchObject({ response_format: responseFormat });
    });

    it('supports JSON mode', async () => {
      fake.script('POST', '/together/v1/chat/completions', together.chatCompletion({ content: '{"ok":true}' }));

      const completion = await client.chat.completions.create({
        model: `together/${TOGETHER_MODEL}`,
        messages: [{ role: 'user', content: 'Reply in JSON' }],
        response_format: { type: 'json_object' },
      });

      expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toEqual({ ok: true });
      expect(fake.requestsTo('/together/v1/chat/completions')[0]?.body).toMatchObject({ response_format: { type: 'json_object' } });
    });
  });
});
