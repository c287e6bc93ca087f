import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { parse } from 'yaml';
import { ConfigError } from './config-error.js';
import { readGenerationsSection, type GenerationsYaml } from './generations-yaml.js';
import { validateSection } from './validate-section.js';
import { AccountingYaml, DefaultsYaml, PriceYaml, ProviderYaml, RouteYaml, RouteTargetYaml } from './yaml.schema.js';

export interface YamlConfig {
  file?: string;
  defaults?: DefaultsYaml;
  providers: Record<string, ProviderYaml>;
  routes: Record<string, RouteYaml>;
  prices: Record<string, PriceYaml>;
  accounting: AccountingYaml;
  generations: GenerationsYaml;
}

// Loaded only when a config file exists: the embedded defaults never pay for the parser (~0.7 MiB of heap).
const loadYamlParser = (): typeof parse => (createRequire(import.meta.url)('yaml') as { parse: typeof parse }).parse;

const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/** `${VAR}` in the file is replaced from the environment so secrets stay out of it. */
function interpolate(text: string, env: Record<string, string | undefined>): string {
  return text.replace(/\$\{([A-Z0-9_]+)\}/g, (_match, name: string) => env[name] ?? '');
}

function mapping(value: unknown, file: string, section: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`Invalid configuration: ${file} ${section} must be a mapping`);
  }
  return value as Record<string, unknown>;
}

function validateRoute(name: string, raw: unknown, file: string): RouteYaml {
  const route = validateSection(RouteYaml, raw, file, `routes.${name}`);
  route.targets.forEach((target, index) => {
    const plain = typeof target === 'string' ? { model: target } : target;
    validateSection(RouteTargetYaml, plain, file, `routes.${name}.targets.${index}`);
  });
  if (route.targets.length === 0) {
    throw new ConfigError(`Invalid configuration: ${file} routes.${name}.targets must list at least one target`);
  }
  return route;
}

export function readYamlConfig(path: string | undefined, env: Record<string, string | undefined>): YamlConfig {
  const file = path ?? './switchyard.yaml';
  if (!existsSync(file)) {
    if (path) throw new ConfigError(`Invalid configuration: SWITCHYARD_CONFIG points to ${path}, which does not exist`);
    return { providers: {}, routes: {}, prices: {}, accounting: {}, generations: readGenerationsSection(undefined, file) };
  }
  let doc: unknown;
  try {
    doc = loadYamlParser()(interpolate(readFileSync(file, 'utf8'), env)) ?? {};
  } catch (error) {
    throw new ConfigError(`Invalid configuration: ${file} is not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  const root = mapping(doc, file, 'the file');
  const defaults =
    root.defaults === undefined || root.defaults === null ? undefined : validateSection(DefaultsYaml, root.defaults, file, 'defaults');
  const providers: Record<string, ProviderYaml> = {};
  for (const [id, raw] of Object.entries(mapping(root.providers, file, 'providers'))) {
    if (!ID_PATTERN.test(id)) {
      throw new ConfigError(`Invalid configuration: ${file} providers.${id} must be a kebab-case id (a-z, 0-9, -)`);
    }
    providers[id] = validateSection(ProviderYaml, raw ?? {}, file, `providers.${id}`);
  }
  const routes: Record<string, RouteYaml> = {};
  for (const [name, raw] of Object.entries(mapping(root.routes, file, 'routes'))) {
    routes[name] = validateRoute(name, raw, file);
  }
  const prices: Record<string, PriceYaml> = {};
  for (const [model, raw] of Object.entries(mapping(root.prices, file, 'prices'))) {
    prices[model] = validateSection(PriceYaml, raw, file, `prices.${model}`);
  }
  const accounting = validateSection(AccountingYaml, root.accounting ?? {}, file, 'accounting');
  return { file, defaults, providers, routes, prices, accounting, generations: readGenerationsSection(root.generations, file) };
}
