import { describe, expect, it } from '@jest/globals';
import type { ApiKeyEntity } from '../../keys/api-key.entity.js';
import { generationRefusal } from './generation-policy.js';

const key = (fields: Partial<ApiKeyEntity>): ApiKeyEntity =>
  ({ prefix: 'sy_live_ab', allowedModels: null, allowedProviders: null, expiresAtMs: null, revokedAtMs: null, ...fields }) as ApiKeyEntity;

describe('generation policy', () => {
  it('lets an unscoped, current key start any job', () => {
    expect(generationRefusal(key({}), 'together-video', 'google/veo-3.0', 1_000)).toBeUndefined();
  });

  it('refuses revoked and expired keys as invalid', () => {
    expect(generationRefusal(key({ revokedAtMs: 5 }), 'together-video', 'm', 1_000)?.code).toBe('invalid_api_key');
    expect(generationRefusal(key({ expiresAtMs: 1_000 }), 'together-video', 'm', 1_000)?.code).toBe('invalid_api_key');
    expect(generationRefusal(key({ expiresAtMs: 1_001 }), 'together-video', 'm', 1_000)).toBeUndefined();
  });

  it('applies provider and model scopes to "<provider>/<model>"', () => {
    expect(generationRefusal(key({ allowedProviders: ['venice-music'] }), 'together-video', 'm', 0)?.code).toBe('forbidden');
    expect(generationRefusal(key({ allowedModels: ['together-video/*'] }), 'together-video', 'google/veo-3.0', 0)).toBeUndefined();
    expect(generationRefusal(key({ allowedModels: ['together/*'] }), 'together-video', 'google/veo-3.0', 0)?.code).toBe('forbidden');
  });
});
