import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

describe('loadConfig', () => {
  let dir: string;
  let noDotenv: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-load-config-'));
    noDotenv = join(dir, 'missing.env');
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** Writes a YAML file and returns the environment pointing at it. */
  function withYaml(text: string, env: Record<string, string> = {}): Record<string, string> {
    const file = join(dir, `config-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, text);
    return { SWITCHYARD_CONFIG: file, ...env };
  }

  /** The one line an operator would see, or undefined when the config loads. */
  function problem(env: Record<string, string | undefined>): string | undefined {
    try {
      const config = loadConfig(env, noDotenv);
      // Provider settings are read when the registry binds each provider at boot.
      for (const id of ['openai', 'together', 'huggingface-inference', ...config.yamlProviderIds]) config.providerConfig(id);
      return undefined;
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      return message;
    }
  }

  describe('environment', () => {
    it('has the contract defaults', () => {
      const config = loadConfig({}, noDotenv);
      expect(config).toMatchObject({
        nodeEnv: 'development',
        isProduction: false,
        port: 3000,
        host: '0.0.0.0',
        databaseUrl: 'sqlite:./data/switchyard.sqlite',
        redisUrl: undefined,
        adminKey: undefined,
        mockEnabled: true,
        sseHeartbeatMs: 15_000,
        bodyLimitBytes: 8 * 1024 * 1024,
        migrateOnStart: true,
        routes: {},
        prices: {},
        yamlProviderIds: [],
      });
    });

    it('reads numbers as numbers and treats empty values as unset', () => {
      const config = loadConfig(
        { PORT: '8080', SWITCHYARD_SSE_HEARTBEAT_MS: '300', HOST: '', DATABASE_URL: 'postgres://u@db:5432/sy' },
        noDotenv,
      );
      expect(config).toMatchObject({ port: 8080, sseHeartbeatMs: 300, host: '0.0.0.0', databaseUrl: 'postgres://u@db:5432/sy' });
    });

    it.each<[string, Record<string, string>, string[]]>([
      ['PORT=abc', { PORT: 'abc' }, ['PORT', '"abc"', '65535']],
      ['PORT=70000', { PORT: '70000' }, ['PORT', '70000']],
      ['PORT=-1', { PORT: '-1' }, ['PORT']],
      ['PORT=3.5', { PORT: '3.5' }, ['PORT']],
      ['DATABASE_URL=mysql://x', { DATABASE_URL: 'mysql://x' }, ['DATABASE_URL', 'mysql://x', 'sqlite:<path>']],
      ['REDIS_URL without scheme', { REDIS_URL: 'localhost:6379' }, ['REDIS_URL', 'redis://']],
      ['LOG_LEVEL=loud', { LOG_LEVEL: 'loud' }, ['LOG_LEVEL', 'debug']],
      ['NODE_ENV=staging', { NODE_ENV: 'staging' }, ['NODE_ENV', 'production']],
      ['a short admin key', { SWITCHYARD_ADMIN_KEY: 'short' }, ['SWITCHYARD_ADMIN_KEY', '16']],
      ['a tiny body limit', { SWITCHYARD_BODY_LIMIT_BYTES: '10' }, ['SWITCHYARD_BODY_LIMIT_BYTES', '1024']],
      ['a heartbeat too fast', { SWITCHYARD_SSE_HEARTBEAT_MS: '50' }, ['SWITCHYARD_SSE_HEARTBEAT_MS']],
      ['a heartbeat slower than the contract', { SWITCHYARD_SSE_HEARTBEAT_MS: '20000' }, ['SWITCHYARD_SSE_HEARTBEAT_MS', '15000']],
      ['SWITCHYARD_MOCK_PROVIDER=yes', { SWITCHYARD_MOCK_PROVIDER: 'yes' }, ['SWITCHYARD_MOCK_PROVIDER', 'on or off']],
      ['SWITCHYARD_MIGRATE_ON_START=maybe', { SWITCHYARD_MIGRATE_ON_START: 'maybe' }, ['SWITCHYARD_MIGRATE_ON_START']],
      ['production without an admin key', { NODE_ENV: 'production' }, ['SWITCHYARD_ADMIN_KEY', 'production']],
      ['a provider base URL that is no URL', { TOGETHER_BASE_URL: 'api.together.ai/v1' }, ['TOGETHER_BASE_URL', 'api.together.ai/v1']],
      ['a provider base URL of another scheme', { OPENAI_BASE_URL: 'ftp://example.com/v1' }, ['OPENAI_BASE_URL']],
      ['HUGGINGFACE_INFERENCE_URL that is no URL', { HUGGINGFACE_INFERENCE_URL: 'nope' }, ['HUGGINGFACE_INFERENCE_URL']],
    ])('%s stops start-up naming the variable', (_name, env, mentions) => {
      const message = problem(env);
      expect(message).toMatch(/^Invalid configuration: /);
      for (const mention of mentions) expect(message).toContain(mention);
    });

    it('in production the mock is off unless switched on', () => {
      const production = { NODE_ENV: 'production', SWITCHYARD_ADMIN_KEY: 'x'.repeat(32) };
      expect(loadConfig(production, noDotenv)).toMatchObject({ isProduction: true, mockEnabled: false });
      expect(loadConfig({ ...production, SWITCHYARD_MOCK_PROVIDER: 'on' }, noDotenv).mockEnabled).toBe(true);
      expect(loadConfig({ SWITCHYARD_MOCK_PROVIDER: 'off' }, noDotenv).mockEnabled).toBe(false);
    });

    it('reads .env, where real variables win', () => {
      const dotenv = join(dir, '.env');
      writeFileSync(dotenv, 'PORT=4000\nLOG_LEVEL=debug\nOPENAI_API_KEY=sk-from-dotenv\n');
      const config = loadConfig({ PORT: '5000' }, dotenv);
      expect(config.port).toBe(5000);
      expect(config.logLevel).toBe('debug');
      expect(config.providerConfig('openai').apiKeys).toEqual(['sk-from-dotenv']);
    });
  });

  describe('provider settings', () => {
    it('splits comma-separated keys for rotation and reads the base URL', () => {
      const config = loadConfig({ OPENAI_API_KEY: ' sk-a, sk-b,,sk-c ', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }, noDotenv);
      expect(config.providerConfig('openai')).toMatchObject({
        id: 'openai',
        apiKeys: ['sk-a', 'sk-b', 'sk-c'],
        baseUrl: 'http://127.0.0.1:9/v1',
      });
      expect(config.providerConfig('venice')).toMatchObject({ apiKeys: [], baseUrl: undefined, headers: {}, timeouts: {} });
    });

    it('huggingface-inference uses HUGGINGFACE_INFERENCE_URL and falls back to the HF key', () => {
      const config = loadConfig(
        { HUGGINGFACE_API_KEY: 'hf_shared', HUGGINGFACE_INFERENCE_URL: 'http://127.0.0.1:9/hf-inference' },
        noDotenv,
      );
      expect(config.providerConfig('huggingface-inference')).toMatchObject({
        apiKeys: ['hf_shared'],
        baseUrl: 'http://127.0.0.1:9/hf-inference',
      });
      const own = loadConfig({ HUGGINGFACE_API_KEY: 'hf_shared', HUGGINGFACE_INFERENCE_API_KEY: 'hf_own' }, noDotenv);
      expect(own.providerConfig('huggingface-inference').apiKeys).toEqual(['hf_own']);
    });
  });

  describe('YAML file', () => {
    it('reads providers, routes and prices, with ${VAR} from the environment', () => {
      const env = withYaml(
        [
          'providers:',
          '  local-vllm:',
          '    kind: openai-compatible',
          '    baseUrl: http://127.0.0.1:8000/v1',
          '    apiKey: ${VLLM_API_KEY}',
          '    headers: { x-tenant: t1 }',
          '    timeouts: { connectMs: 1000, firstByteMs: 20000 }',
          '    models: [qwen2.5-7b]',
          '  together:',
          '    timeouts: { totalMs: 60000 }',
          'routes:',
          '  llama-70b:',
          '    strategy: failover',
          '    targets:',
          '      - together/meta-llama/Llama-3.3-70B-Instruct-Turbo',
          '      - { model: featherless/meta-llama/Meta-Llama-3.1-70B-Instruct, weight: 2 }',
          '    temperature: 0.2',
          'prices:',
          '  openai/gpt-4o-mini: { input: 0.15, output: 0.60 }',
        ].join('\n'),
        { VLLM_API_KEY: 'vllm-secret-1' },
      );
      const config = loadConfig(env, noDotenv);
      expect(config.yamlProviderIds).toEqual(['local-vllm']);
      expect(config.providerConfig('local-vllm')).toMatchObject({
        kind: 'openai-compatible',
        baseUrl: 'http://127.0.0.1:8000/v1',
        apiKeys: ['vllm-secret-1'],
        headers: { 'x-tenant': 't1' },
        timeouts: { connectMs: 1000, firstByteMs: 20000 },
        models: ['qwen2.5-7b'],
      });
      expect(config.providerConfig('together').timeouts).toEqual({ totalMs: 60000 });
      expect(config.routes['llama-70b']).toMatchObject({ strategy: 'failover', temperature: 0.2 });
      expect(config.routes['llama-70b'].targets).toHaveLength(2);
      expect(config.prices['openai/gpt-4o-mini']).toMatchObject({ input: 0.15, output: 0.6 });
      expect(config.configFile).toBe(env.SWITCHYARD_CONFIG);
    });

    it('lets <P>_BASE_URL and <P>_API_KEY override the file', () => {
      const env = withYaml(
        'providers:\n  local-vllm:\n    kind: openai-compatible\n    baseUrl: http://127.0.0.1:8000/v1\n    apiKey: from-yaml\n',
        {
          LOCAL_VLLM_BASE_URL: 'http://10.0.0.2:8000/v1',
          LOCAL_VLLM_API_KEY: 'from-env',
        },
      );
      expect(loadConfig(env, noDotenv).providerConfig('local-vllm')).toMatchObject({
        baseUrl: 'http://10.0.0.2:8000/v1',
        apiKeys: ['from-env'],
      });
    });

    it('an empty file is an empty configuration', () => {
      expect(loadConfig(withYaml(''), noDotenv)).toMatchObject({ routes: {}, prices: {}, yamlProviderIds: [] });
    });

    it.each<[string, string, string[]]>([
      [
        'routes.x.strategy: bogus',
        'routes:\n  x:\n    strategy: bogus\n    targets: [mock/echo]\n',
        ['routes.x.strategy', 'failover, priority, loadbalance', '"bogus"'],
      ],
      ['a target without a provider', 'routes:\n  x:\n    targets: [gpt-4o]\n', ['routes.x.targets.0.model']],
      ['a target object with a bad weight', 'routes:\n  x:\n    targets: [{ model: a/b, weight: -1 }]\n', ['routes.x.targets.0.weight']],
      ['no targets', 'routes:\n  x:\n    targets: []\n', ['routes.x.targets']],
      ['targets that are not a list', 'routes:\n  x:\n    targets: a/b\n', ['routes.x.targets']],
      ['an unknown provider kind', 'providers:\n  vllm:\n    kind: grpc\n', ['providers.vllm.kind']],
      ['openai-compatible without baseUrl', 'providers:\n  vllm:\n    kind: openai-compatible\n', ['providers.vllm.baseUrl']],
      [
        'a baseUrl that is no URL',
        'providers:\n  vllm:\n    kind: openai-compatible\n    baseUrl: localhost:8000\n',
        ['providers.vllm.baseUrl'],
      ],
      [
        'a timeout that is no integer',
        'providers:\n  together:\n    timeouts: { connectMs: fast }\n',
        ['providers.together.timeouts.connectMs'],
      ],
      [
        'a provider id that is not kebab-case',
        'providers:\n  My_Server:\n    kind: openai-compatible\n    baseUrl: http://a/v1\n',
        ['providers.My_Server'],
      ],
      ['a negative price', 'prices:\n  openai/gpt-4o: { input: -1 }\n', ['prices.openai/gpt-4o.input']],
      ['a price that is no number', 'prices:\n  openai/gpt-4o: { output: cheap }\n', ['prices.openai/gpt-4o.output']],
      ['a section that is not a mapping', 'routes: [a, b]\n', ['routes must be a mapping']],
      ['a file that is not a mapping', '- a\n- b\n', ['must be a mapping']],
      ['YAML that does not parse', 'routes:\n  x: [unclosed\n', ['is not valid YAML']],
    ])('%s names the YAML path', (_name, yaml, mentions) => {
      const env = withYaml(yaml);
      const message = problem(env);
      expect(message).toMatch(/^Invalid configuration: /);
      expect(message).toContain(env.SWITCHYARD_CONFIG);
      for (const mention of mentions) expect(message).toContain(mention);
    });

    it('SWITCHYARD_CONFIG pointing at a missing file stops start-up', () => {
      expect(problem({ SWITCHYARD_CONFIG: join(dir, 'nope.yaml') })).toContain('SWITCHYARD_CONFIG');
    });
  });
});
