import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';
import { BUILT_IN_POLICY } from './resilience-config.js';
import { readYamlConfig } from './yaml-file.js';

const EXAMPLE = fileURLToPath(new URL('../../../switchyard.example.yaml', import.meta.url));

function configWith(yaml: string): ReturnType<typeof loadConfig> {
  const file = join(mkdtempSync(join(tmpdir(), 'switchyard-config-')), 'switchyard.yaml');
  writeFileSync(file, yaml);
  return loadConfig({ SWITCHYARD_CONFIG: file, NODE_ENV: 'test' }, '/nonexistent/.env');
}

describe('resilience configuration', () => {
  it('reads the documented example file', () => {
    const yaml = readYamlConfig(EXAMPLE, { VLLM_API_KEY: 'x' });
    expect(Object.keys(yaml.routes)).toEqual(
      expect.arrayContaining(['llama-70b', 'chat-fast', 'best-effort', 'summarise-long', 'analysis', 'suggestions', 'qa', 'diagrams']),
    );
    const config = loadConfig({ SWITCHYARD_CONFIG: EXAMPLE, NODE_ENV: 'test' }, '/nonexistent/.env');
    expect(config.resilience.policyFor('featherless').concurrency).toEqual({ limit: 4, maxQueue: 32, queueTimeoutMs: 30_000 });
    expect(config.resilience.policyFor('vllm').concurrency.limit).toBe(8);
  });

  it('layers built-in defaults, YAML defaults and the provider section', () => {
    const config = configWith(`
defaults:
  deadlineMs: 20000
  retry: { baseDelayMs: 50 }
providers:
  together:
    retry: { maxAttempts: 5 }
    keys: { recheckMs: 1000 }
`);
    expect(config.resilience.deadlineMs).toBe(20_000);
    expect(config.resilience.policyFor('together').retry).toEqual({ ...BUILT_IN_POLICY.retry, baseDelayMs: 50, maxAttempts: 5 });
    expect(config.resilience.policyFor('openai').retry).toEqual({ ...BUILT_IN_POLICY.retry, baseDelayMs: 50 });
    expect(config.providerConfig('together').keyRecheckMs).toBe(1000);
    expect(config.providerConfig('openai').keyRecheckMs).toBe(BUILT_IN_POLICY.keys.recheckMs);
  });

  it('keeps default timeouts for fields a provider section leaves unset', () => {
    const config = configWith('providers:\n  together:\n    timeouts: { idleMs: 300 }\n');
    expect(config.providerConfig('together').timeouts).toEqual({ idleMs: 300 });
  });

  it('names a bad value', () => {
    expect(() => configWith('providers:\n  openai:\n    retry: { maxAttempts: 0 }\n')).toThrow(ConfigError);
    expect(() => configWith('providers:\n  openai:\n    retry: { maxAttempts: 0 }\n')).toThrow(/providers\.openai\.retry\.maxAttempts/);
    expect(() => configWith('defaults:\n  retry: { jitter: some }\n')).toThrow(/defaults\.retry\.jitter must be full or none/);
    expect(() => configWith('routes:\n  r:\n    targets: [openai/x]\n    contextFallback: [nope]\n')).toThrow(/routes\.r\.contextFallback/);
  });
});
