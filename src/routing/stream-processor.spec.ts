import { describe, expect, it } from '@jest/globals';
import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';
import { GatewayError } from '../errors/gateway-error.js';
import type { StreamEvent } from '../providers/openai-compatible/sse-events.js';
import { processStream, type StreamItem, type StreamProgress } from './stream-processor.js';

type Json = Record<string, unknown>;

const BODY = { model: 'm', messages: [{ role: 'user', content: 'hello there' }] };

const data = (payload: unknown, event?: string): StreamEvent => ({
  type: 'data',
  data: typeof payload === 'string' ? payload : JSON.stringify(payload),
  ...(event !== undefined && { event }),
});
const comment = (text: string): StreamEvent => ({ type: 'comment', text });
const chunk = (delta: Json, finish: string | null = null, extra: Json = {}): Json => ({
  id: 'c1',
  object: 'chat.completion.chunk',
  choices: [{ index: 0, delta, finish_reason: finish }],
  ...extra,
});
const usage = (prompt: number, completion: number): Json => ({
  prompt_tokens: prompt,
  completion_tokens: completion,
  total_tokens: prompt + completion,
});

async function* from(events: StreamEvent[], failWith?: Error): AsyncGenerator<StreamEvent> {
  for (const event of events) yield event;
  if (failWith) throw failWith;
}

/** Records what toError was given, so a test can see the upstream's payload reached it. */
function errorMapper(): { toError: (error: unknown) => GatewayError; seen: unknown[] } {
  const seen: unknown[] = [];
  return {
    seen,
    toError: (error) => {
      seen.push(error);
      return new GatewayError('upstream_error', 'stream failed');
    },
  };
}

async function run(
  events: StreamEvent[],
  options: { failWith?: Error; normalise?: (chunk: Json) => boolean; progress?: StreamProgress; body?: Json } = {},
): Promise<{ items: StreamItem[]; seen: unknown[] }> {
  const { toError, seen } = errorMapper();
  const items: StreamItem[] = [];
  for await (const item of processStream(
    from(events, options.failWith),
    options.body ?? BODY,
    toError,
    options.normalise,
    options.progress,
  )) {
    items.push(item);
  }
  return { items, seen };
}

describe('processStream', () => {
  it('forwards chunks verbatim with their text and ends with the upstream usage', async () => {
    const first = JSON.stringify(chunk({ role: 'assistant', content: 'Hel' }));
    const { items } = await run([
      data(first),
      data(chunk({ content: 'lo' })),
      data(chunk({}, 'stop')),
      data({ id: 'c1', object: 'chat.completion.chunk', choices: [], usage: usage(9, 2) }),
      data('[DONE]'),
    ]);
    expect(items.map((i) => i.type)).toEqual(['chunk', 'chunk', 'chunk', 'usage', 'end']);
    expect(items[0]).toMatchObject({ type: 'chunk', data: first, text: 'Hel' });
    expect(items.filter((i) => i.type === 'chunk').map((i) => (i as { text: string }).text)).toEqual(['Hel', 'lo', '']);
    expect(items.at(-1)).toEqual({
      type: 'end',
      usage: { promptTokens: 9, completionTokens: 2, totalTokens: 11, estimated: false },
      finishReason: 'stop',
    });
  });

  it('drops comments and malformed data instead of breaking', async () => {
    const { items } = await run([
      comment('OPENROUTER PROCESSING'),
      data(chunk({ content: 'a' })),
      data('{"broken'),
      comment('OPENROUTER PROCESSING'),
      data(chunk({ content: 'b' }, 'stop')),
      data('[DONE]'),
    ]);
    expect(items.map((i) => i.type)).toEqual(['chunk', 'chunk', 'end']);
  });

  it('stops at [DONE], whatever follows it', async () => {
    const { items } = await run([data(chunk({ content: 'a' })), data('[DONE]'), data(chunk({ content: 'late' }))]);
    expect(items.map((i) => i.type)).toEqual(['chunk', 'end']);
  });

  it('ends without [DONE] too, when the upstream just closes', async () => {
    const { items } = await run([data(chunk({ content: 'a' }, 'stop'))]);
    expect(items.map((i) => i.type)).toEqual(['chunk', 'end']);
  });

  it('counts usage with the tokenizer when the upstream sends none', async () => {
    const { items } = await run([data(chunk({ content: 'Hello' })), data(chunk({ content: ' world!' }, 'stop')), data('[DONE]')]);
    const end = items.at(-1) as Extract<StreamItem, { type: 'end' }>;
    expect(end.usage.estimated).toBe(true);
    expect(end.usage.completionTokens).toBe(countTokens('Hello world!'));
    expect(end.usage.promptTokens).toBeGreaterThanOrEqual(countTokens('hello there'));
    expect(end.usage.totalTokens).toBe(end.usage.promptTokens + end.usage.completionTokens);
  });

  it('takes usage riding on the last content chunk (Together) and ignores usage: null', async () => {
    const { items } = await run([
      data(chunk({ content: 'a' }, null, { usage: null })),
      data(chunk({}, 'eos', { usage: usage(10, 5) })),
      data(chunk({}, null, { usage: null })),
      data('[DONE]'),
    ]);
    expect(items.at(-1)).toMatchObject({ type: 'end', usage: { promptTokens: 10, completionTokens: 5, estimated: false } });
  });

  it('counts reasoning and tool-call fragments as generated text, so they are neither held back nor unbilled', async () => {
    const progress: StreamProgress = { completion: '' };
    const { items } = await run(
      [
        data(chunk({ role: 'assistant', content: '' })),
        data(chunk({ reasoning: 'Think. ' })),
        data(chunk({ reasoning_content: 'Still thinking. ' })),
        data(chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] })),
        data(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":"Oslo"}' } }] })),
        data(chunk({}, 'tool_calls')),
      ],
      { progress },
    );
    expect(items.filter((i) => i.type === 'chunk').map((i) => (i as { text: string }).text)).toEqual([
      '',
      'Think. ',
      'Still thinking. ',
      'get_weather',
      '{"city":"Oslo"}',
      '',
    ]);
    expect(progress.completion).toBe('Think. Still thinking. get_weather{"city":"Oslo"}');
    const end = items.at(-1) as Extract<StreamItem, { type: 'end' }>;
    expect(end.usage.completionTokens).toBe(countTokens(progress.completion));
  });

  it('an error after only reasoning or tool-call output is truncated: that output reached the client', async () => {
    const { items } = await run([data(chunk({ reasoning: 'hmm' })), data({ error: { message: 'gone' } })]);
    expect(items.at(-1)).toMatchObject({ type: 'error', truncated: true });
  });

  it('reads legacy completion chunks (choices[].text)', async () => {
    const { items } = await run([
      data({ object: 'text_completion', choices: [{ index: 0, text: 'Once', finish_reason: null }] }),
      data({ object: 'text_completion', choices: [{ index: 0, text: ' upon', finish_reason: 'length' }] }),
    ]);
    expect(items.filter((i) => i.type === 'chunk').map((i) => (i as { text: string }).text)).toEqual(['Once', ' upon']);
    expect(items.at(-1)).toMatchObject({ type: 'end', finishReason: 'length' });
  });

  it('an error before any content is not truncated, and the upstream payload reaches toError', async () => {
    const failure = { error: { message: 'overloaded', type: 'server_error' } };
    const { items, seen } = await run([data(chunk({ role: 'assistant', content: '' })), data(failure)]);
    expect(items.map((i) => i.type)).toEqual(['chunk', 'error']);
    expect(items.at(-1)).toMatchObject({ type: 'error', truncated: false });
    expect(seen).toEqual([failure]);
  });

  it('an error after content is truncated and nothing follows it', async () => {
    const { items } = await run([
      data(chunk({ content: 'Hel' })),
      data({ ...chunk({ content: '' }, 'error'), error: { code: 502, message: 'Provider disconnected' } }),
      data('[DONE]'),
    ]);
    expect(items.map((i) => i.type)).toEqual(['chunk', 'error']);
    expect(items.at(-1)).toMatchObject({ type: 'error', truncated: true });
  });

  it('treats "event: error" as an error whatever its data says', async () => {
    const { items } = await run([data(chunk({ content: 'a' })), data({ message: 'boom' }, 'error')]);
    expect(items.at(-1)).toMatchObject({ type: 'error', truncated: true });
  });

  it('a broken upstream connection becomes an error item', async () => {
    const dropped = new Error('other side closed');
    const { items, seen } = await run([data(chunk({ content: 'a' }))], { failWith: dropped });
    expect(items.map((i) => i.type)).toEqual(['chunk', 'error']);
    expect(items.at(-1)).toMatchObject({ type: 'error', truncated: true });
    expect(seen).toEqual([dropped]);
  });

  it('re-serialises only the chunks the provider normaliser changed', async () => {
    const untouched = JSON.stringify(chunk({ content: 'a' }));
    const normalise = (json: Json): boolean => {
      const choice = (json.choices as Json[])[0];
      if (choice.finish_reason !== 'eos') return false;
      choice.finish_reason = 'stop';
      return true;
    };
    const { items } = await run([data(untouched), data(chunk({}, 'eos'))], { normalise });
    expect((items[0] as { data: string }).data).toBe(untouched);
    expect(JSON.parse((items[1] as { data: string }).data)).toMatchObject({ choices: [{ finish_reason: 'stop' }] });
    expect(items.at(-1)).toMatchObject({ type: 'end', finishReason: 'stop' });
  });

  it('keeps progress (text so far, upstream usage) for billing a client that leaves', async () => {
    const progress: StreamProgress = { completion: '' };
    const iterator = processStream(
      from([
        data(chunk({ content: 'one' })),
        data(chunk({ content: ' two' }, null, { usage: usage(3, 2) })),
        data(chunk({ content: ' three' })),
      ]),
      BODY,
      errorMapper().toError,
      undefined,
      progress,
    );
    await iterator.next();
    await iterator.next();
    await iterator.return(undefined);
    expect(progress).toEqual({ completion: 'one two', usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5, estimated: false } });
  });
});
