import { randomUUID } from 'node:crypto';
import { InvalidRequestError } from '../errors/gateway-error.js';
import type { GenerationEntity } from './generation.entity.js';
import { GENERATION_TYPES, type GenerationInput, type GenerationType } from './generation.types.js';

/** The same rules for REST bodies, batch items and GraphQL inputs; `httpsOnly` in production. */
export function parseGenerationInput(raw: unknown, httpsOnly: boolean): GenerationInput {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new InvalidRequestError('A generation must be an object.');
  const input = raw as Record<string, unknown>;
  if (!(GENERATION_TYPES as readonly unknown[]).includes(input.type)) {
    throw new InvalidRequestError(`type must be one of ${GENERATION_TYPES.join(', ')}`, 'type');
  }
  for (const field of ['provider', 'model', 'webhookUrl'] as const) {
    if (input[field] !== undefined && (typeof input[field] !== 'string' || input[field] === '')) {
      throw new InvalidRequestError(`${field} must be a non-empty string`, field);
    }
  }
  const config = input.config ?? {};
  if (typeof config !== 'object' || config === null || Array.isArray(config))
    throw new InvalidRequestError('config must be an object', 'config');
  if (typeof input.webhookUrl === 'string') checkWebhookUrl(input.webhookUrl, httpsOnly);
  return {
    type: input.type as GenerationType,
    provider: input.provider as string | undefined,
    model: input.model as string | undefined,
    config: config as Record<string, unknown>,
    webhookUrl: input.webhookUrl as string | undefined,
  };
}

function checkWebhookUrl(url: string, httpsOnly: boolean): void {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new InvalidRequestError('webhookUrl must be an absolute http(s) URL', 'webhookUrl');
  }
  const allowed = httpsOnly ? ['https:'] : ['https:', 'http:'];
  if (!allowed.includes(protocol))
    throw new InvalidRequestError(`webhookUrl must use ${allowed.join(' or ').replace(/:/g, '')}`, 'webhookUrl');
}

/** A new generation's row before it runs: sync ones are stored finished, async ones go on as jobs. */
export function newGenerationRow(input: GenerationInput, principalId: string, project: string | null, nowMs: number): GenerationEntity {
  return {
    id: `gen_${randomUUID()}`,
    type: input.type,
    status: 'queued',
    async: false,
    provider: '',
    model: null,
    principalId,
    project,
    config: input.config,
    upstreamId: null,
    upstreamState: null,
    progress: 0,
    result: null,
    error: null,
    webhookUrl: input.webhookUrl ?? null,
    polls: 0,
    nextPollAtMs: null,
    deadlineAtMs: null,
    leaseOwner: null,
    leaseUntilMs: null,
    reservedMicroUsd: null,
    costMicroUsd: null,
    billedAtMs: null,
    refundedAtMs: null,
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
    completedAtMs: null,
  };
}
