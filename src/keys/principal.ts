import type { ApiKeyEntity } from './api-key.entity.js';

/** Who is calling: the admin key, or a minted client key. */
export type Principal = { kind: 'admin' } | { kind: 'key'; key: ApiKeyEntity };

export function principalId(principal: Principal): string {
  return principal.kind === 'admin' ? 'admin' : principal.key.id;
}
