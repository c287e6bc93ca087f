import { describe, expect, it } from '@jest/globals';
import type { TextProvider } from '../../providers/provider.types.js';
import type { ResolvedRoute } from '../../routing/route-target.js';
import { allowedTargets, globMatch, scopeRefusal } from './key-policy.js';

const provider = (id: string): TextProvider => ({ id }) as TextProvider;

const alias: ResolvedRoute = {
  name: 'llama-70b',
  kind: 'alias',
  targets: [
    { provider: provider('together'), model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo' },
    { provider: provider('featherless'), model: 'meta-llama/Meta-Llama-3.1-70B-Instruct' },
  ],
};
const direct: ResolvedRoute = { name: 'mock/echo', kind: 'direct', targets: [{ provider: provider('mock'), model: 'echo' }] };

describe('key policy', () => {
  it('matches globs with * only', () => {
    expect(globMatch('mock/*', 'mock/echo')).toBe(true);
    expect(globMatch('mock/*', 'mocked/echo')).toBe(false);
    expect(globMatch('*llama*', 'together/meta-llama/x')).toBe(true);
    expect(globMatch('a.b', 'axb')).toBe(false);
    expect(globMatch('mock/echo', 'mock/echo')).toBe(true);
  });

  it('lets everything through without scopes', () => {
    expect(allowedTargets(alias, { allowedModels: null, allowedProviders: null })).toHaveLength(2);
  });

  it('allows a whole alias by name, or filters its targets by provider/model', () => {
    expect(allowedTargets(alias, { allowedModels: ['llama-70b'], allowedProviders: null })).toHaveLength(2);
    const onlyTogether = allowedTargets(alias, { allowedModels: ['together/*'], allowedProviders: null });
    expect(onlyTogether.map((t) => t.provider.id)).toEqual(['together']);
    expect(allowedTargets(direct, { allowedModels: ['together/*'], allowedProviders: null })).toEqual([]);
  });

  it('filters targets by provider even when the alias is allowed', () => {
    const targets = allowedTargets(alias, { allowedModels: ['llama-70b'], allowedProviders: ['featherless'] });
    expect(targets.map((t) => t.provider.id)).toEqual(['featherless']);
  });

  it('explains a refusal', () => {
    expect(scopeRefusal(direct, { allowedModels: ['together/*'], allowedProviders: ['together'] })).toBe(
      'This API key may not use "mock/echo"; it is limited to models together/* and providers together.',
    );
  });
});
