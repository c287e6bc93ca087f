import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { AppLogger } from './app-logger.service.js';
import { REDACT_PATHS, usesPrettyLogs } from './create-pino.js';
import type { AppConfig } from '../config/app-config.js';

function capture(level = 'debug'): { logger: AppLogger; lines: () => Array<Record<string, unknown>> } {
  const out: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out.push(chunk.toString());
      done();
    },
  });
  const instance = pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, stream);
  return {
    logger: new AppLogger(instance, ['upstream-secret-1', 'sy_admin_configured_key']),
    lines: () =>
      out
        .join('')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('AppLogger', () => {
  it('writes Nest log calls as JSON records with their context', () => {
    const { logger, lines } = capture();
    logger.log('Providers ready', 'ProviderRegistry');
    logger.warn('careful');
    expect(lines()).toEqual([
      expect.objectContaining({ level: 30, context: 'ProviderRegistry', msg: 'Providers ready' }),
      expect.objectContaining({ level: 40, msg: 'careful' }),
    ]);
  });

  it('keeps an error stack apart from the context', () => {
    const { logger, lines } = capture();
    logger.error('failed', 'Error: failed\n    at somewhere (file.js:1:1)', 'Errors');
    expect(lines()[0]).toMatchObject({ level: 50, msg: 'failed', context: 'Errors', stack: expect.stringContaining('at somewhere') });
  });

  it('scrubs configured secrets and key-shaped tokens from messages, stacks and objects', () => {
    const { logger, lines } = capture();
    logger.error(
      'upstream said upstream-secret-1 and Bearer sy_live_abc123',
      'Error: x sy_admin_configured_key\n    at f (g.js:1:1)',
      'Ctx',
    );
    logger.log({ headers: { authorization: 'Bearer anything' }, apiKey: 'plain', note: 'uses upstream-secret-1' });
    logger.warn(new Error('key sk-abcdef leaked'));
    const text = JSON.stringify(lines());
    for (const secret of ['upstream-secret-1', 'sy_live_abc123', 'sy_admin_configured_key', 'anything', 'plain', 'sk-abcdef']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
  });

  it('drops what the level filters out', () => {
    const { logger, lines } = capture('warn');
    logger.log('hidden');
    logger.debug('hidden');
    logger.error('shown');
    expect(lines().map((line) => line.msg)).toEqual(['shown']);
  });
});

describe('usesPrettyLogs', () => {
  const config = (nodeEnv: AppConfig['nodeEnv'], logFormat: AppConfig['logFormat']): AppConfig => ({ nodeEnv, logFormat }) as AppConfig;

  it('is pretty only in development on a terminal unless the format is forced', () => {
    expect(usesPrettyLogs(config('development', 'auto'), true)).toBe(true);
    expect(usesPrettyLogs(config('development', 'auto'), false)).toBe(false);
    expect(usesPrettyLogs(config('production', 'auto'), true)).toBe(false);
    expect(usesPrettyLogs(config('production', 'pretty'), false)).toBe(true);
    expect(usesPrettyLogs(config('development', 'json'), true)).toBe(false);
  });
});

describe('createPino', () => {
  // pino-pretty is required only for pretty output; a child process shows that path works end to end (it writes to fd 1).
  it('writes human-readable lines when the format is pretty and JSON lines otherwise', () => {
    const run = (logFormat: string): string => {
      const script =
        `const { createPino } = await import(${JSON.stringify(new URL('./create-pino.js', import.meta.url).href)});` +
        `createPino({ logFormat: '${logFormat}', nodeEnv: 'production', logLevel: 'info', instanceId: 'i-1' }, false).info('hello there');`;
      return execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    };
    const pretty = run('pretty');
    expect(pretty).toContain('INFO');
    expect(pretty).toContain('hello there');
    expect(() => JSON.parse(pretty) as unknown).toThrow();
    expect(JSON.parse(run('json'))).toMatchObject({ level: 'info', msg: 'hello there', instance: 'i-1' });
  });
});
