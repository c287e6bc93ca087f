import type { JsonStep } from '../script-step.types.js';

/** Body shape is undocumented (PROVIDERS.md §4, §9.1): OpenAI style by default, flat on request. */
export type ErrorShape = 'openai' | 'flat';

export interface ModelSpec {
  id: string;
  model_class?: string;
  context_length?: number;
  max_completion_tokens?: number;
  is_gated?: boolean;
  /** Only present when the request was authenticated. */
  available_on_current_plan?: boolean;
}

/** No prices anywhere: Featherless is a flat subscription limited by concurrency (PROVIDERS.md §4). */
export function models(items: ModelSpec[]): JsonStep {
  const data = items.map((m) => ({
    id: m.id,
    name: m.id,
    model_class: m.model_class ?? 'llama3-8b-8k',
    context_length: m.context_length ?? 8192,
    max_completion_tokens: m.max_completion_tokens ?? 4096,
    is_gated: m.is_gated ?? false,
    ...(m.available_on_current_plan !== undefined && { available_on_current_plan: m.available_on_current_plan }),
  }));
  return { json: { data } };
}

export function error(status: number, message: string, shape: ErrorShape = 'openai', code: string | null = null): JsonStep {
  const json = shape === 'flat' ? { error: message } : { error: { message, type: 'invalid_request_error', param: null, code } };
  return { status, json };
}

/** A cold model answers 400, not 503: it warms for ~5 min to ~1 h (PROVIDERS.md §4). */
export function coldModel(shape?: ErrorShape): JsonStep {
  return error(400, 'model is cold / not ready for inference', shape);
}

/** Capacity, retryable up to 3 times. */
export function noExecutor(shape?: ErrorShape): JsonStep {
  return error(503, 'Service Temporarily Unavailable / No valid Executor', shape);
}

/** Status assumed 429 (PROVIDERS.md §9.1); no rate-limit headers exist. */
export function concurrencyExceeded(shape?: ErrorShape): JsonStep {
  return error(429, 'Concurrency limit exceeded: your plan allows 4 concurrent units', shape);
}

export function gated(model: string, shape?: ErrorShape): JsonStep {
  return error(403, `Model ${model} is gated; unlock it on Hugging Face first`, shape);
}

export function plan(o: { concurrency?: number; maxContextLength?: number } = {}): JsonStep {
  const json = {
    id: 'feather_pro_plus',
    name: 'Feather Premium',
    max_context_length: o.maxContextLength ?? 32_768,
    max_model_size: null,
    concurrency: o.concurrency ?? 4,
  };
  return { json };
}
