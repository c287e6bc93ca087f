import { afterEach, describe, expect, it } from '@jest/globals';
import type { AppConfig } from '../../config/app-config.js';
import { buildResilienceConfig } from '../../config/resilience-config.js';
import type { GatewayError } from '../../errors/gateway-error.js';
import type { TextProvider, UpstreamCall, UpstreamJsonResponse } from '../../providers/provider.types.js';
import { KeyPool } from '../../upstream/key-pool.js';
import { UpstreamFailure } from '../../upstream/upstream-failure.js';
import type { GatewayProgress } from '../gateway-progress.js';
import type { RequestContext } from '../request-context.js';
import type { RouteTarget } from '../route-target.js';
import { AttemptRunner } from './attempt-runner.service.js';
import { CircuitBreakerInterceptor } from './circuit-breaker.interceptor.js';
import type { Clock } from './clock.js';
import { ConcurrencyInterceptor } from './concurrency.interceptor.js';
import { Deadline } from './deadline.js';
import { KeyInterceptor } from './key.interceptor.js';
import { MemoryCircuitStore } from './memory-circuit-store.js';
import { RecordInterceptor } from './record.interceptor.js';
import { RetryInterceptor } from './retry.interceptor.js';

/** Time that only moves when the code under test sleeps: no test here waits for real. */
class FakeClock implements Clock {
  t = 1_000_000;
  readonly sleeps: number[] = [];
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += ms;
  }
}

/** 'hang': the call waits until its signal aborts (the deadline), as a slow upstream would. */
type Script = Array<UpstreamFailure | 'ok' | 'hang'>;

function provider(id: string, script: Script, keys?: KeyPool): TextProvider & { calls: UpstreamCall[] } {
  const calls: UpstreamCall[] = [];
  return {
    id,
    calls,
    registration: { type: 'text', id, metadata: { description: id, capabilities: ['chat'] } },
    disabledReason: undefined,
    keyPool: keys,
    supports: () => true,
    async send(call): Promise<UpstreamJsonResponse> {
      calls.push(call);
      const step = script.shift() ?? new UpstreamFailure('server', 599, 'unscripted', 'unscripted call');
      if (step === 'ok') return { status: 200, json: { from: id }, keyAlias: call.key?.alias };
      if (step === 'hang') {
        return new Promise((_, reject) => call.signal.addEventListener('abort', () => reject(call.signal.reason as Error), { once: true }));
      }
      step.keyAlias = call.key?.alias;
      throw step;
    },
    open: () => Promise.reject(new Error('not used')),
    listModels: async () => [],
  };
}

const fail = (kind: UpstreamFailure['kind'], status: number, hints: UpstreamFailure['hints'] = {}): UpstreamFailure =>
  new UpstreamFailure(kind, status, `http_${status}`, `upstream said ${status}`, hints);

describe('AttemptRunner with its interceptors (fake clock, fixed jitter)', () => {
  const clock = new FakeClock();
  const deadlines: Deadline[] = [];
  const resilience = buildResilienceConfig(
    {
      retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
      coldStart: { maxWaitMs: 60_000, retryDelayMs: 5000 },
      circuit: { failureThreshold: 3, windowMs: 10_000, cooldownMs: 3000 },
    },
    {},
  );
  const store = new MemoryCircuitStore(clock);
  /** The runner with every interceptor; `retryClock` is what the retry layer sleeps on. */
  const runnerWith = (retryClock: Clock): AttemptRunner =>
    new AttemptRunner(
      { resilience } as AppConfig,
      new RetryInterceptor(retryClock, () => 0.5),
      new RecordInterceptor(),
      new CircuitBreakerInterceptor(store, clock),
      new ConcurrencyInterceptor(),
      new KeyInterceptor(clock),
    );
  const runner = runnerWith(clock);

  afterEach(() => {
    for (const deadline of deadlines.splice(0)) deadline.dispose();
    clock.sleeps.splice(0);
  });

  function run(targets: RouteTarget[], options: { timeoutMs?: number; contextFallback?: RouteTarget[]; via?: AttemptRunner } = {}) {
    const ctx = {
      operation: 'chat',
      body: { model: 'route' },
      attempts: [],
      route: { name: 'route', kind: 'alias', targets, contextFallback: options.contextFallback },
    } as unknown as RequestContext;
    const deadline = new Deadline(new AbortController().signal, options.timeoutMs ?? 60_000, clock);
    deadlines.push(deadline);
    const events: GatewayProgress[] = [];
    const result = (options.via ?? runner).run({ ctx, deadline, holds: [], progress: (event) => events.push(event) }, (attempt) =>
      attempt.target.provider.send({ operation: 'chat', body: {}, signal: deadline.signal, requestId: 'r', key: attempt.key }),
    );
    return { ctx, events, result };
  }

  it('retries a 503 with backoff and full jitter from the injected random source', async () => {
    const p = provider('alpha', [fail('server', 503), fail('server', 503), 'ok']);
    const { ctx, result } = run([{ provider: p, model: 'm' }]);
    await expect(result).resolves.toMatchObject({ value: { json: { from: 'alpha' } } });
    expect(clock.sleeps).toEqual([50, 100]);
    expect(ctx.attempts.map((a) => [a.status, a.action, a.reason, a.waitMs])).toEqual([
      [503, 'retry', 'backoff', 50],
      [503, 'retry', 'backoff', 100],
      [200, undefined, undefined, undefined],
    ]);
  });

  it('waits exactly as long as Retry-After says', async () => {
    const p = provider('beta', [fail('rate_limited', 429, { retryAfterMs: 1234 }), 'ok']);
    await run([{ provider: p, model: 'm' }]).result;
    expect(clock.sleeps).toEqual([1234]);
  });

  it('never retries a bad request and never fails over from it', async () => {
    const bad = provider('gamma', [fail('bad_request', 400)]);
    const other = provider('delta', ['ok']);
    const { ctx, result } = run([
      { provider: bad, model: 'm' },
      { provider: other, model: 'm' },
    ]);
    await expect(result).rejects.toMatchObject({ code: 'invalid_request', source: 'provider' });
    expect(other.calls).toHaveLength(0);
    expect(ctx.attempts[0]).toMatchObject({ action: 'stop', reason: 'not_retryable' });
  });

  it('rotates away from a refused key at once and keeps it out', async () => {
    const keys = new KeyPool(['k1', 'k2'], 'epsilon', 60_000, () => clock.now());
    const p = provider('epsilon', [fail('auth', 401), 'ok', 'ok'], keys);
    const { ctx, result } = run([{ provider: p, model: 'm' }]);
    await result;
    expect(clock.sleeps).toEqual([]);
    expect(ctx.attempts.map((a) => [a.keyAlias, a.status, a.reason])).toEqual([
      ['epsilon#1', 401, 'other_key'],
      ['epsilon#2', 200, undefined],
    ]);
    await run([{ provider: p, model: 'm' }]).result;
    expect(p.calls.map((call) => call.key?.alias)).toEqual(['epsilon#1', 'epsilon#2', 'epsilon#2']);
  });

  it('fails fast with upstream_auth_failed once every key was refused, without calling the upstream', async () => {
    const keys = new KeyPool(['k1'], 'zeta', 60_000, () => clock.now());
    const p = provider('zeta', [fail('auth', 401)], keys);
    await expect(run([{ provider: p, model: 'm' }]).result).rejects.toMatchObject({ code: 'upstream_auth_failed', status: 502 });
    const second = run([{ provider: p, model: 'm' }]);
    await expect(second.result).rejects.toMatchObject({ code: 'upstream_auth_failed' });
    expect(p.calls).toHaveLength(1);
    expect(second.ctx.attempts[0]).toMatchObject({ code: 'no_usable_key', skipped: true });
  });

  it('waits for a cold model as estimated and tells the client it is warming', async () => {
    const p = provider('eta', [fail('cold_start', 503, { estimatedTimeMs: 20_000 }), 'ok']);
    const { events, result } = run([{ provider: p, model: 'bart' }]);
    await result;
    expect(clock.sleeps).toEqual([20_000]);
    expect(events).toEqual([{ type: 'warming', provider: 'eta', model: 'bart', waitMs: 20_000, estimatedMs: 20_000 }]);
  });

  it('fails over instead of waiting for a cold model past the deadline', async () => {
    const cold = provider('theta', [fail('cold_start', 503, { estimatedTimeMs: 20_000 })]);
    const warm = provider('iota', ['ok']);
    const { ctx, result } = run(
      [
        { provider: cold, model: 'm' },
        { provider: warm, model: 'm' },
      ],
      { timeoutMs: 10_000 },
    );
    await expect(result).resolves.toMatchObject({ target: { provider: { id: 'iota' } } });
    expect(clock.sleeps).toEqual([]);
    expect(ctx.attempts[0]).toMatchObject({ outcome: 'cold_start', action: 'failover', reason: 'deadline' });
  });

  it('answers that the model never warmed when the deadline cuts the try after a cold wait', async () => {
    // The fake clock makes the 100 ms wait instant; the 150 ms deadline is a real timer, which ends the hanging retry.
    const p = provider('lambda', [fail('cold_start', 503, { estimatedTimeMs: 100 }), 'hang']);
    const { ctx, result } = run([{ provider: p, model: 'm' }], { timeoutMs: 150 });
    await expect(result).rejects.toMatchObject({ code: 'no_provider_available', status: 503 });
    expect(clock.sleeps).toEqual([100]);
    expect(ctx.attempts.map((a) => [a.outcome, a.action])).toEqual([
      ['cold_start', 'retry'],
      ['timeout', 'stop'],
    ]);
  });

  it('answers the same when the deadline ends the wait itself (a timer that fired late)', async () => {
    // Its sleeps only end when the deadline's signal aborts them.
    const late: Clock = {
      now: () => clock.now(),
      sleep: (_ms, signal) =>
        new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true })),
    };
    const p = provider('nu', [fail('cold_start', 503, { estimatedTimeMs: 100 })]);
    await expect(run([{ provider: p, model: 'm' }], { timeoutMs: 150, via: runnerWith(late) }).result).rejects.toMatchObject({
      code: 'no_provider_available',
    });
    expect(p.calls).toHaveLength(1);
  });

  it('reports a plain timeout when the deadline cuts a try that no cold start preceded', async () => {
    const p = provider('mu', ['hang']);
    await expect(run([{ provider: p, model: 'm' }], { timeoutMs: 50 }).result).rejects.toMatchObject({
      code: 'upstream_timeout',
      source: 'gateway',
    });
  });

  it('switches to the context fallback on context_length_exceeded', async () => {
    const short = provider('kappa', [fail('context_length', 400)]);
    const long = provider('lambda', ['ok']);
    const { ctx, result } = run([{ provider: short, model: '8k' }], { contextFallback: [{ provider: long, model: '128k' }] });
    await expect(result).resolves.toMatchObject({ target: { model: '128k' } });
    expect(ctx.attempts[0]).toMatchObject({ action: 'context_fallback' });
  });

  it('opens the circuit after the threshold, skips the target while open, and closes on a good probe', async () => {
    const p = provider('mu', [fail('server', 500), fail('server', 500), fail('server', 500)]);
    const target = { provider: p, model: 'm' };
    await expect(run([target]).result).rejects.toMatchObject({ code: 'upstream_error', status: 502, source: 'provider' });
    expect(p.calls).toHaveLength(3);
    const refused = run([target]);
    const error = (await refused.result.catch((e: GatewayError) => e)) as GatewayError;
    expect(error).toMatchObject({ code: 'no_provider_available', status: 503, source: 'gateway' });
    expect(error.retryAfterS).toBe(3);
    expect(refused.ctx.attempts).toEqual([expect.objectContaining({ code: 'circuit_open', skipped: true, action: 'stop' })]);
    expect(p.calls).toHaveLength(3);
    clock.t += 3000;
    const probe = provider('mu', ['ok']);
    await run([{ provider: probe, model: 'm' }]).result;
    expect(probe.calls).toHaveLength(1);
    expect(store.isOpen('mu/m', resilience.policyFor('mu').circuit)).toBe(false);
  });

  it('reports what the upstream said when the circuit opens between two tries of one request', async () => {
    const p = provider('nu', [fail('server', 502), fail('server', 502)]);
    const target = { provider: p, model: 'm' };
    // Another request's failure arrives first, so this request's second failure crosses the threshold.
    await store.failure('nu/m', 'closed', resilience.policyFor('nu').circuit);
    const { ctx, result } = run([target]);
    await expect(result).rejects.toMatchObject({ code: 'upstream_error', status: 502 });
    expect(ctx.attempts.map((a) => a.code)).toEqual(['http_502', 'http_502', 'circuit_open']);
  });
});
