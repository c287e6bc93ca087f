import type { ResolvedRoute, RouteTarget } from '../../routing/route-target.js';

export interface KeyScopes {
  allowedModels: string[] | null;
  allowedProviders: string[] | null;
}

/** `*` matches any run of characters (`together/*`, `*llama*`); everything else is literal. */
export function globMatch(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`).test(value);
}

/**
 * The route's targets this key may use. A model pattern matching the name the
 * client asked for (an alias, or `<provider>/<model>`) allows every target of
 * it; otherwise each target must match as `<provider>/<model>`. Providers
 * always filter targets.
 */
export function allowedTargets(route: ResolvedRoute, scopes: KeyScopes): RouteTarget[] {
  let targets = route.targets;
  if (scopes.allowedProviders) {
    const providers = scopes.allowedProviders;
    targets = targets.filter((target) => providers.includes(target.provider.id));
  }
  if (scopes.allowedModels) {
    const patterns = scopes.allowedModels;
    if (!patterns.some((pattern) => globMatch(pattern, route.name))) {
      targets = targets.filter((target) => patterns.some((pattern) => globMatch(pattern, `${target.provider.id}/${target.model}`)));
    }
  }
  return targets;
}

/** The 403 message: what was asked, and what the key may use instead. */
export function scopeRefusal(route: ResolvedRoute, scopes: KeyScopes): string {
  const allowed = [
    scopes.allowedModels ? `models ${scopes.allowedModels.join(', ')}` : undefined,
    scopes.allowedProviders ? `providers ${scopes.allowedProviders.join(', ')}` : undefined,
  ].filter(Boolean);
  return `This API key may not use "${route.name}"; it is limited to ${allowed.join(' and ')}.`;
}
