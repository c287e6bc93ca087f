import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { UpstreamFailure } from '../../upstream/upstream-failure.js';
import { asAbortSignal } from '../../routing/client-signal.js';
import { classifyFailure } from '../openai-compatible/classify-failure.js';
import type { StreamEvent } from '../openai-compatible/sse-events.js';
import type {
  ModelInfo,
  ProviderRegistration,
  TextOperation,
  TextProvider,
  UpstreamCall,
  UpstreamJsonResponse,
  UpstreamStreamResponse,
} from '../provider.types.js';
import { RegisterProvider } from '../register-provider.decorator.js';
import { readMockOptions, type MockOptions } from './mock-options.js';
import { lastUserText, mockEmbedding, mockWords, promptTokenCount } from './mock-text.js';

const MODELS = ['echo', 'lorem'];

/** Deterministic in-process provider for demos and load tests; off in production unless enabled. */
@RegisterProvider('text', 'mock', {
  description: 'Built-in deterministic provider (echo, lorem) with per-request failure modes',
  capabilities: ['chat', 'completions', 'embeddings', 'streaming', 'model_list'],
})
@Injectable()
export class MockProvider implements TextProvider {
  registration!: ProviderRegistration;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get id(): string {
    return 'mock';
  }

  get disabledReason(): string | undefined {
    return this.config.mockEnabled ? undefined : 'Provider "mock" is off in production; set SWITCHYARD_MOCK_PROVIDER=on to enable it.';
  }

  bind(registration: ProviderRegistration): void {
    this.registration = registration;
  }

  supports(_operation: TextOperation): boolean {
    return true;
  }

  async send(call: UpstreamCall): Promise<UpstreamJsonResponse> {
    const { model } = await this.begin(call);
    const created = Math.floor(Date.now() / 1000);
    if (call.operation === 'embeddings') {
      const inputs = Array.isArray(call.body.input) ? call.body.input.map(String) : [String(call.body.input ?? '')];
      const dims = typeof call.body.dimensions === 'number' ? call.body.dimensions : 8;
      const tokens = inputs.join(' ').split(/\s+/).filter(Boolean).length;
      return {
        status: 200,
        json: {
          object: 'list',
          model,
          data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: mockEmbedding(text, dims) })),
          usage: { prompt_tokens: tokens, total_tokens: tokens },
        },
      };
    }
    const words = mockWords(model, call.body);
    const usage = usageFor(call.body, words.length);
    const text = words.join(' ');
    const json =
      call.operation === 'chat'
        ? {
            id: `chatcmpl-${call.requestId}`,
            object: 'chat.completion',
            created,
            model,
            choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
            usage,
          }
        : {
            id: `cmpl-${call.requestId}`,
            object: 'text_completion',
            created,
            model,
            choices: [{ index: 0, text, finish_reason: 'stop' }],
            usage,
          };
    return { status: 200, json };
  }

  async open(call: UpstreamCall): Promise<UpstreamStreamResponse> {
    const { model, options } = await this.begin(call);
    return { events: this.stream(call, model, options) };
  }

  async listModels(): Promise<ModelInfo[]> {
    return MODELS.map((id) => ({ id, provider: 'mock', ownedBy: 'switchyard', created: 0, contextLength: 32_768 }));
  }

  private async begin(call: UpstreamCall): Promise<{ model: string; options: MockOptions }> {
    const model = String(call.body.model);
    const options = readMockOptions(call.body.mock);
    if (!MODELS.includes(model)) {
      throw new UpstreamFailure(
        'not_found',
        404,
        'model_not_found',
        `The model \`${model}\` does not exist. Mock models: ${MODELS.join(', ')}.`,
      );
    }
    if (options.delayMs) await sleep(options.delayMs, undefined, { signal: asAbortSignal(call.signal) });
    if (options.status) {
      throw classifyFailure(
        options.status,
        {},
        { message: `mock failure with status ${options.status}`, hasModerationMetadata: false },
        Date.now(),
      );
    }
    return { model, options };
  }

  private async *stream(call: UpstreamCall, model: string, options: MockOptions): AsyncGenerator<StreamEvent> {
    const words = mockWords(model, call.body);
    const id = `chatcmpl-${call.requestId}`;
    const created = Math.floor(Date.now() / 1000);
    const chat = call.operation === 'chat';
    const chunk = (choice: Record<string, unknown>, usage: unknown = null): StreamEvent => ({
      type: 'data',
      data: JSON.stringify({
        id,
        object: chat ? 'chat.completion.chunk' : 'text_completion',
        created,
        model,
        choices: choice ? [choice] : [],
        usage,
      }),
    });
    for (let i = 0; i < words.length; i++) {
      if (options.failAfterChunks !== undefined && i >= options.failAfterChunks) {
        throw new UpstreamFailure('server', null, 'mock_stream_failure', `mock stream failed after ${i} chunks`);
      }
      if (options.chunkDelayMs && i > 0) await sleep(options.chunkDelayMs, undefined, { signal: asAbortSignal(call.signal) });
      const text = (i === 0 ? '' : ' ') + words[i];
      yield chunk(
        chat
          ? { index: 0, delta: i === 0 ? { role: 'assistant', content: text } : { content: text }, finish_reason: null }
          : { index: 0, text, finish_reason: null },
      );
    }
    yield chunk(chat ? { index: 0, delta: {}, finish_reason: 'stop' } : { index: 0, text: '', finish_reason: 'stop' });
    yield {
      type: 'data',
      data: JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: usageFor(call.body, words.length) }),
    };
    yield { type: 'data', data: '[DONE]' };
  }
}

function usageFor(body: Record<string, unknown>, completionTokens: number): Record<string, number> {
  const promptTokens = promptTokenCount(body) || lastUserText(body).length;
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}
