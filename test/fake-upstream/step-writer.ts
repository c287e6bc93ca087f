import type { ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { HeaderMap, ScriptStep, SseResponseStep, SseStep } from './script-step.types.js';

export interface StepContext {
  readonly res: ServerResponse;
  /** Aborted when the response closes for any reason; cancels pending delays. */
  readonly signal: AbortSignal;
  /** Destroys the socket on purpose, so the fake does not mistake it for a client abort. */
  drop(): void;
}

/** Plays one step. Rejects with an AbortError if the connection closes during a delay. */
export async function writeStep(ctx: StepContext, step: ScriptStep): Promise<void> {
  if ('hang' in step) return;
  if (step.delayMs !== undefined) await delay(step.delayMs, undefined, { signal: ctx.signal });
  if ('drop' in step) return ctx.drop();
  if ('sse' in step) return writeSse(ctx, step);
  if ('json' in step) {
    return send(ctx.res, step.status, { 'content-type': 'application/json' }, step.headers, JSON.stringify(step.json));
  }
  const defaultType = typeof step.body === 'string' ? 'text/plain; charset=utf-8' : 'application/octet-stream';
  send(ctx.res, step.status, { 'content-type': defaultType }, step.headers, step.body);
}

function send(
  res: ServerResponse,
  status: number | undefined,
  defaults: HeaderMap,
  headers: HeaderMap | undefined,
  body: string | Buffer,
): void {
  applyHeaders(res, defaults, headers);
  res.statusCode = status ?? 200;
  res.end(body);
}

async function writeSse(ctx: StepContext, step: SseResponseStep): Promise<void> {
  const { res } = ctx;
  applyHeaders(res, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }, step.headers);
  res.statusCode = step.status ?? 200;
  // Headers go out before the first event so clients see a 200 even when the first chunk is delayed.
  res.flushHeaders();
  for (const event of step.sse) {
    if (res.destroyed) return;
    if ('delayMs' in event) await delay(event.delayMs, undefined, { signal: ctx.signal });
    else if ('drop' in event) return ctx.drop();
    else res.write(frame(event));
  }
  res.end();
}

function frame(event: Exclude<SseStep, { delayMs: number } | { drop: true }>): string {
  if ('raw' in event) return event.raw;
  if ('comment' in event) return `: ${event.comment}\n\n`;
  const payload = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
  return `${event.event === undefined ? '' : `event: ${event.event}\n`}data: ${payload}\n\n`;
}

/** setHeader is case-insensitive, so scripted headers override defaults whatever their casing. */
function applyHeaders(res: ServerResponse, defaults: HeaderMap, headers: HeaderMap | undefined): void {
  for (const [name, value] of Object.entries({ ...defaults, ...headers })) res.setHeader(name, value);
}
