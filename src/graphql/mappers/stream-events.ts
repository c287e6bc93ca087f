import type { RequestContext } from '../../routing/request-context.js';
import type { StreamItem } from '../../routing/stream-processor.js';
import type { ChatStreamDelta, ChatStreamEvent, ChatStreamFailover } from '../models/chat-stream-event.model.js';
import { attemptViews, usageView, usd } from './views.js';

const EMPTY_USAGE = { promptTokens: 0, completionTokens: 0, totalTokens: 0, estimated: true };

/**
 * The targets that failed before the one that serves the stream, as failover
 * events sent ahead of the first delta (the gateway only returns the stream once
 * a target produced content, so these are known by then). A try the gateway
 * repeated against the same target (`action: retry`) is not a failover; the
 * try that made it move on is.
 */
export function failoverEvents(ctx: RequestContext): ChatStreamFailover[] {
  const failed = ctx.attempts.filter((a) => a.outcome !== 'ok');
  const served = { provider: ctx.provider ?? '', model: ctx.model ?? '' };
  const events: ChatStreamFailover[] = [];
  for (const [i, attempt] of failed.entries()) {
    if (attempt.action === 'retry') continue;
    const next = failed[i + 1] ?? served;
    events.push({
      kind: 'failover',
      fromProvider: attempt.provider,
      fromModel: attempt.model,
      upstreamStatus: attempt.status,
      upstreamCode: attempt.code,
      reason: attempt.outcome,
      toProvider: next.provider,
      toModel: next.model,
    });
  }
  return events;
}

function deltas(json: Record<string, unknown>): ChatStreamDelta[] {
  const choices = Array.isArray(json.choices) ? (json.choices as Array<Record<string, unknown>>) : [];
  const out: ChatStreamDelta[] = [];
  for (const [i, choice] of choices.entries()) {
    const delta = (choice.delta ?? {}) as { content?: unknown; tool_calls?: unknown };
    const content = typeof delta.content === 'string' ? delta.content : typeof choice.text === 'string' ? choice.text : '';
    const toolCalls = Array.isArray(delta.tool_calls) ? (delta.tool_calls as unknown[]) : null;
    if (!content && !toolCalls) continue; // role-only and finish-only chunks carry no delta
    out.push({ kind: 'delta', content, index: typeof choice.index === 'number' ? choice.index : i, toolCalls });
  }
  return out;
}

/** The subscription events for one gateway stream item (none for the upstream's usage-only chunk). */
export function streamEvents(item: StreamItem, ctx: RequestContext): ChatStreamEvent[] {
  switch (item.type) {
    case 'chunk':
      return deltas(item.json);
    case 'usage':
      return []; // its numbers arrive in the final `end` item
    case 'end':
      return [
        {
          kind: 'done',
          finishReason: item.finishReason,
          usage: usageView(item.usage),
          costUsd: usd(item.costMicroUsd),
          requestId: ctx.requestId,
          provider: ctx.provider ?? '',
          model: ctx.model ?? '',
          attempts: attemptViews(ctx.attempts),
        },
      ];
    case 'error':
      return [
        {
          kind: 'error',
          code: item.error.code,
          message: item.error.message,
          truncated: item.truncated,
          attempts: attemptViews(item.error.attempts ?? ctx.attempts),
          usage: usageView(ctx.usage ?? EMPTY_USAGE),
        },
      ];
  }
}
