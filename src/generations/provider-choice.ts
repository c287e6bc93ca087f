import type { GenerationsYaml } from '../config/generations-yaml.js';
import { InvalidRequestError } from '../errors/gateway-error.js';
import type { GenerationType } from './generation.types.js';

export interface ProviderCandidate {
  id: string;
  enabled: boolean;
}

export interface ProviderChoice {
  provider?: string;
  model?: string;
}

function split(choice: string): ProviderChoice {
  const slash = choice.indexOf('/');
  return slash < 0 ? { provider: choice } : { provider: choice.slice(0, slash), model: choice.slice(slash + 1) };
}

/**
 * Who serves a generation: the request's `provider`, or the provider prefix of
 * its `model`; else (when a provider is needed) the key's project setting,
 * then the configured default, then the only enabled provider of the type.
 * Sync types may leave the provider open: their model is addressed like chat.
 */
export function chooseProvider(
  input: { type: GenerationType; provider?: string; model?: string },
  settings: GenerationsYaml,
  project: string | null,
  candidates: readonly ProviderCandidate[],
  needsProvider: boolean,
): ProviderChoice {
  if (input.provider) return { provider: input.provider, model: input.model };
  if (input.model) {
    const named = split(input.model);
    if (named.model && candidates.some((c) => c.id === named.provider)) return named;
    if (!needsProvider) return { model: input.model };
  }
  const configured = (project ? settings.projects[project]?.[input.type] : undefined) ?? settings.defaults[input.type];
  if (configured) {
    const choice = split(configured);
    return { provider: choice.provider, model: input.model ?? choice.model };
  }
  const enabled = candidates.filter((c) => c.enabled);
  if (enabled.length === 1) return { provider: enabled[0]?.id, model: input.model };
  throw new InvalidRequestError(
    `Name the ${input.type} provider with "provider" or a "<provider>/<model>" model` +
      (enabled.length > 0 ? `; enabled: ${enabled.map((c) => c.id).join(', ')}.` : '; none is enabled.') +
      ` Operators can set generations.defaults.${input.type} in the config file.`,
    'provider',
  );
}
