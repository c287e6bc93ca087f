import type { GenerationEntity } from './generation.entity.js';
import type { GenerationView } from './generation.types.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function toGenerationView(row: GenerationEntity): GenerationView {
  return {
    id: row.id,
    object: 'generation',
    type: row.type,
    status: row.status,
    async: row.async,
    provider: row.provider,
    model: row.model,
    progress: row.progress,
    result: row.result,
    error: row.error,
    costUsd: row.costMicroUsd === null ? null : row.costMicroUsd / 1e6,
    createdAt: iso(row.createdAtMs) as string,
    updatedAt: iso(row.updatedAtMs) as string,
    completedAt: iso(row.completedAtMs),
  };
}

/** Where a stored output of a generation is served. */
export function contentUrl(id: string, index: number): string {
  return `/api/v2/generations/${id}/content/${index}`;
}
