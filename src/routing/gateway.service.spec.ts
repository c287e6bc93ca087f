import { describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayError } from '../errors/gateway-error.js';
import type { StreamEvent } from '../providers/openai-compatible/sse-events.js';
import type {
  ModelInfo,
  ProviderRegistration,
  TextProvider,
  UpstreamCall,
  UpstreamJsonResponse,
  UpstreamStreamResponse,
} from '../providers/provider.types.js';
import { UpstreamFailure } from '../upstream/upstream-failure.js';
import { GatewayHooks } from './gateway-hooks.js';
import { GatewayService, type GatewayRequest } from './gateway.service.js';
import type { AppConfig } from '../config/app-config.js';
import { buildResilienceConfig } from '../config/resilience-config.js';
import { AttemptRunner } from './resilience/attempt-runner.service.js';
import { CircuitBreakerInterceptor } from './resilience/circuit-breaker.interceptor.js';
import { systemClock } from './resilience/clock.js';
import { ConcurrencyInterceptor } from './resilience/concurrency.interceptor.js';
import { KeyInterceptor } from './resilience/key.interceptor.js';
import { MemoryCircuitStore } from './resilience/memory-circuit-store.js';
import { RecordInterceptor } from './resilience/record.interceptor.js';
import { RetryInterceptor } from './resilience/retry.interceptor.js';
import type { RoutePlanner } from './route-planner.service.js';
import type { RequestContext } from './request-context.js';
import type { ResolvedRoute } from './route-target.js';
import type { StreamItem } from './stream-processor.js';

type Json = Record<string, unknown>;

const chunk = (content: string, finish: string | null = null): StreamEvent => ({
  type: 'data',
  data: JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: finish }] }),
});
const usageChunk: StreamEvent = {
  type: 'data',
  data: JSON.stringify({
    id: 'c',
    object: 'chat.completion.chunk',
    choices: [],
    usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 },
  }),
};

/** Behaves like an upstream: scripted answers, and it honours the abort signal as undici does. */
class ScriptedProvider implements TextProvider {
  readonly registration: ProviderRegistration;
  readonly disabledReason = undefined;
  calls = 0;

  constructor(
    readonly id: string,
    private readonly answer: {
      send?: (call: UpstreamCall) => Promise<UpstreamJsonResponse>;
      events?: (call: UpstreamCall) => AsyncIterable<StreamEvent>;
    },
  ) {
    this.registration = { type: 'text', id, metadata: { description: id, capabilities: ['chat'] } };
  }

  supports(): boolean {
    return true;
  }

  send(call: UpstreamCall): Promise<UpstreamJsonResponse> {
    this.calls++;
    if (!this.answer.send) throw new Error('no send scripted');
    return this.answer.send(call);
  }

  async open(call: UpstreamCall): Promise<UpstreamStreamResponse> {
    this.calls++;
    if (!this.answer.events) throw new Error('no stream scripted');
    return { events: this.answer.events(call), keyAlias: `${this.id}#1` };
  }

  async listModels(): Promise<ModelInfo[]> {
    return [];
  }
}

/** Waits for the call's signal and fails the way an aborted undici request does. */
async function abortedBy(call: UpstreamCall): Promise<never> {
  await new Promise((resolve) => call.signal.addEventListener('abort', () => resolve(undefined), { once: true }));
  throw call.signal.reason;
}

function setup(...providers: ScriptedProvider[]): { gateway: GatewayService; seen: RequestContext[]; hooks: GatewayHooks } {
  const route: ResolvedRoute = { name: 'test', kind: 'alias', targets: providers.map((provider) => ({ provider, model: 'm' })) };
  const planner = { plan: async () => ({ route, stripModels: false }) } as unknown as RoutePlanner;
  // No retries: each target is tried once, so the hook counts below are about the gateway, not the policy.
  const config = { resilience: buildResilienceConfig({ retry: { maxAttempts: 1 } }, {}) } as AppConfig;
  const runner = new AttemptRunner(
    config,
    new RetryInterceptor(systemClock, () => 0.5),
    new RecordInterceptor(),
    new CircuitBreakerInterceptor(new MemoryCircuitStore(systemClock), systemClock),
    new ConcurrencyInterceptor(),
    new KeyInterceptor(systemClock),
  );
  const hooks = new GatewayHooks();
  const seen: RequestContext[] = [];
  hooks.register({
    name: 'recorder',
    afterRequest: (ctx) => {
      seen.push({ ...ctx });
      ctx.costMicroUsd = 1234;
    },
  });
  return { gateway: new GatewayService(planner, runner, hooks, config, systemClock), seen, hooks };
}

function request(signal: AbortSignal = new AbortController().signal): GatewayRequest {
  return {
    operation: 'chat',
    body: { model: 'test', messages: [{ role: 'user', content: 'hi' }] },
    requestId: 'req-1',
    principal: { kind: 'admin' },
    signal,
  };
}

async function drain(items: AsyncIterable<StreamItem>): Promise<StreamItem[]> {
  const all: StreamItem[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describe('GatewayService: afterRequest runs exactly once, with the outcome', () => {
  describe('complete()', () => {
    it('on success, with provider, model and usage', async () => {
      const json: Json = { choices: [{ message: { content: 'hey' } }], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } };
      const { gateway, seen } = setup(new ScriptedProvider('p', { send: async () => ({ status: 200, json }) }));
      const result = await gateway.complete(request());
      expect(result.json).toBe(json);
      expect(result.ctx.costMicroUsd).toBe(1234);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ provider: 'p', model: 'm', usage: { promptTokens: 3, completionTokens: 1 }, clientAborted: false });
      expect(seen[0].error).toBeUndefined();
      expect(seen[0].attempts).toMatchObject([{ provider: 'p', status: 200, outcome: 'ok' }]);
    });

    it('fails over to the next target on a transient failure', async () => {
      const down = new ScriptedProvider('down', {
        send: async () => Promise.reject(new UpstreamFailure('server', 503, 'overloaded', 'busy')),
      });
      const up = new ScriptedProvider('up', { send: async () => ({ status: 200, json: { choices: [] } }) });
      const { gateway, seen } = setup(down, up);
      await gateway.complete(request());
      expect(seen[0].attempts.map((a) => [a.provider, a.status])).toEqual([
        ['down', 503],
        ['up', 200],
      ]);
    });

    it('on an upstream failure, with the error', async () => {
      const { gateway, seen } = setup(
        new ScriptedProvider('p', { send: async () => Promise.reject(new UpstreamFailure('auth', 401, 'invalid_api_key', 'bad key')) }),
      );
      await expect(gateway.complete(request())).rejects.toMatchObject({ code: 'upstream_auth_failed' });
      expect(seen).toHaveLength(1);
      expect(seen[0].error?.code).toBe('upstream_auth_failed');
    });

    it('when a before-hook refuses, without calling the upstream', async () => {
      const provider = new ScriptedProvider('p', { send: async () => ({ status: 200, json: {} }) });
      const { gateway, seen, hooks } = setup(provider);
      hooks.register({
        name: 'limits',
        beforeRequest: () => {
          throw new GatewayError('rate_limited', 'slow down');
        },
      });
      await expect(gateway.complete(request())).rejects.toMatchObject({ code: 'rate_limited' });
      expect(provider.calls).toBe(0);
      expect(seen).toHaveLength(1);
      expect(seen[0].error?.code).toBe('rate_limited');
    });

    it('when the client goes away, marked as a client abort', async () => {
      const client = new AbortController();
      const { gateway, seen } = setup(new ScriptedProvider('p', { send: abortedBy }));
      const pending = gateway.complete(request(client.signal));
      await sleep(5);
      client.abort(new Error('client disconnected'));
      await expect(pending).rejects.toBeInstanceOf(GatewayError);
      expect(seen).toHaveLength(1);
      expect(seen[0].clientAborted).toBe(true);
    });
  });

  describe('stream()', () => {
    it('when the stream ends, with the upstream usage; the end item carries the cost', async () => {
      const { gateway, seen } = setup(
        new ScriptedProvider('p', {
          events: async function* () {
            yield chunk('Hel');
            yield chunk('lo', 'stop');
            yield usageChunk;
          },
        }),
      );
      const result = await gateway.stream(request());
      expect(seen).toHaveLength(0);
      const items = await drain(result.items);
      expect(items.at(-1)).toMatchObject({ type: 'end', costMicroUsd: 1234 });
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({
        provider: 'p',
        usage: { promptTokens: 4, completionTokens: 2, estimated: false },
        clientAborted: false,
      });
      expect(seen[0].firstTokenAt).toEqual(expect.any(Number));
    });

    it('fails over while no content was sent', async () => {
      const broken = new ScriptedProvider('broken', {
        events: async function* () {
          yield { type: 'data', data: JSON.stringify({ error: { message: 'overloaded' } }) };
        },
      });
      const fine = new ScriptedProvider('fine', {
        events: async function* () {
          yield chunk('ok', 'stop');
        },
      });
      const { gateway, seen } = setup(broken, fine);
      const items = await drain((await gateway.stream(request())).items);
      expect(items.map((i) => i.type)).toEqual(['chunk', 'end']);
      expect(seen[0].attempts.map((a) => a.provider)).toEqual(['broken', 'fine']);
    });

    it('when the upstream fails after content, with the error and the text so far', async () => {
      const { gateway, seen } = setup(
        new ScriptedProvider('p', {
          events: async function* () {
            yield chunk('partial answer');
            throw new UpstreamFailure('network', null, 'ECONNRESET', 'socket closed');
          },
        }),
      );
      const items = await drain((await gateway.stream(request())).items);
      expect(items.at(-1)).toMatchObject({ type: 'error', truncated: true });
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ clientAborted: false, error: { code: 'upstream_error' } });
      expect(seen[0].usage?.completionTokens).toBeGreaterThan(0);
    });

    it('when the consumer stops reading, marked as a client abort', async () => {
      const { gateway, seen } = setup(
        new ScriptedProvider('p', {
          events: async function* () {
            yield chunk('one');
            yield chunk(' two');
            yield chunk(' three', 'stop');
          },
        }),
      );
      const iterator = (await gateway.stream(request())).items[Symbol.asyncIterator]();
      await iterator.next();
      await iterator.return?.(undefined);
      expect(seen).toHaveLength(1);
      expect(seen[0].clientAborted).toBe(true);
      expect(seen[0].usage?.completionTokens).toBeGreaterThan(0);
    });

    it('when the client disconnects while the upstream is mid-stream, marked as a client abort', async () => {
      const client = new AbortController();
      const { gateway, seen } = setup(
        new ScriptedProvider('p', {
          events: async function* (call) {
            yield chunk('first');
            await abortedBy(call);
          },
        }),
      );
      const iterator = (await gateway.stream(request(client.signal))).items[Symbol.asyncIterator]();
      await iterator.next();
      const next = iterator.next();
      client.abort(new Error('client disconnected'));
      await next;
      await iterator.return?.(undefined);
      expect(seen).toHaveLength(1);
      expect(seen[0].clientAborted).toBe(true);
    });
  });
});
