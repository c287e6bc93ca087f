import { ConfigError } from './config-error.js';

export const GENERATION_TYPES = ['text', 'image', 'tts', 'video', 'music'] as const;
export type GenerationType = (typeof GENERATION_TYPES)[number];

/** `"<provider>"` or `"<provider>/<model>"` per generation type. */
export type GenerationChoices = Partial<Record<GenerationType, string>>;

/**
 * YAML `generations:` — which provider (and model) serves a type when the
 * request names none: per project (a key's `ownerProject`), then the default.
 */
export interface GenerationsYaml {
  defaults: GenerationChoices;
  projects: Record<string, GenerationChoices>;
}

const CHOICE = /^[a-z0-9][a-z0-9-]*(\/.+)?$/;

function choices(raw: unknown, file: string, path: string): GenerationChoices {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`Invalid configuration: ${file} ${path} must be a mapping`);
  const out: GenerationChoices = {};
  for (const [type, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!(GENERATION_TYPES as readonly string[]).includes(type)) {
      throw new ConfigError(`Invalid configuration: ${file} ${path}.${type} is not a generation type (${GENERATION_TYPES.join(', ')})`);
    }
    if (typeof value !== 'string' || !CHOICE.test(value)) {
      throw new ConfigError(`Invalid configuration: ${file} ${path}.${type} must be "<provider>" or "<provider>/<model>"`);
    }
    out[type as GenerationType] = value;
  }
  return out;
}

export function readGenerationsSection(raw: unknown, file: string): GenerationsYaml {
  if (raw === undefined || raw === null) return { defaults: {}, projects: {} };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`Invalid configuration: ${file} generations must be a mapping`);
  const section = raw as { defaults?: unknown; projects?: unknown };
  const projects: Record<string, GenerationChoices> = {};
  if (section.projects !== undefined && section.projects !== null) {
    if (typeof section.projects !== 'object' || Array.isArray(section.projects)) {
      throw new ConfigError(`Invalid configuration: ${file} generations.projects must be a mapping`);
    }
    for (const [project, value] of Object.entries(section.projects as Record<string, unknown>)) {
      projects[project] = choices(value, file, `generations.projects.${project}`);
    }
  }
  return { defaults: choices(section.defaults, file, 'generations.defaults'), projects };
}
