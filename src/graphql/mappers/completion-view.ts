import type { RequestContext } from '../../routing/request-context.js';
import type { ChatChoiceModel, ChatCompletionModel, ToolCallModel } from '../models/chat-completion.model.js';
import type { EmbeddingResultModel } from '../models/embedding.model.js';
import { attemptViews, usageView, usd } from './views.js';

const EMPTY_USAGE = { promptTokens: 0, completionTokens: 0, totalTokens: 0, estimated: true };

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function toolCalls(raw: unknown): ToolCallModel[] | null {
  if (!Array.isArray(raw)) return null;
  return raw.map((call: { id?: unknown; type?: unknown; function?: { name?: unknown; arguments?: unknown } }) => ({
    id: text(call.id) ?? '',
    type: text(call.type) ?? 'function',
    name: text(call.function?.name) ?? '',
    arguments: text(call.function?.arguments) ?? '',
  }));
}

function choices(json: Record<string, unknown>): ChatChoiceModel[] {
  const raw = Array.isArray(json.choices) ? (json.choices as Array<Record<string, unknown>>) : [];
  return raw.map((choice, i) => {
    const message = (choice.message ?? {}) as Record<string, unknown>;
    return {
      index: typeof choice.index === 'number' ? choice.index : i,
      message: {
        role: text(message.role) ?? 'assistant',
        content: text(message.content),
        toolCalls: toolCalls(message.tool_calls),
        refusal: text(message.refusal),
      },
      finishReason: text(choice.finish_reason),
    };
  });
}

/** The upstream chat completion plus how the gateway served it. */
export function chatCompletionView(json: Record<string, unknown>, ctx: RequestContext): ChatCompletionModel {
  return {
    id: text(json.id) ?? ctx.requestId,
    requestId: ctx.requestId,
    created: typeof json.created === 'number' ? json.created : null,
    model: text(json.model) ?? ctx.model ?? '',
    provider: ctx.provider ?? '',
    choices: choices(json),
    usage: usageView(ctx.usage ?? EMPTY_USAGE),
    costUsd: usd(ctx.costMicroUsd),
    attempts: attemptViews(ctx.attempts),
    raw: json,
  };
}

export function embeddingResultView(json: Record<string, unknown>, ctx: RequestContext): EmbeddingResultModel {
  const data = Array.isArray(json.data) ? (json.data as Array<{ index?: unknown; embedding?: unknown }>) : [];
  return {
    requestId: ctx.requestId,
    model: text(json.model) ?? ctx.model ?? '',
    provider: ctx.provider ?? '',
    data: data.map((item, i) => ({
      index: typeof item.index === 'number' ? item.index : i,
      embedding: Array.isArray(item.embedding) ? (item.embedding as number[]) : [],
    })),
    usage: ctx.usage ? usageView(ctx.usage) : null,
    costUsd: usd(ctx.costMicroUsd),
    attempts: attemptViews(ctx.attempts),
  };
}
