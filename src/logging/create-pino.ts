import { createRequire } from 'node:module';
import { pino, type Logger, type DestinationStream } from 'pino';
import type pretty from 'pino-pretty';
import type { AppConfig } from '../config/app-config.js';

// Loaded only for pretty output (a developer's terminal): production writes JSON lines and never needs it.
const loadPretty = (): typeof pretty => createRequire(import.meta.url)('pino-pretty') as typeof pretty;

/** Object paths that may hold a secret whatever logs them. */
export const REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  '*.authorization',
  '*.headers.authorization',
  'apiKey',
  '*.apiKey',
  'apiKeys',
  '*.apiKeys',
  'adminKey',
  '*.adminKey',
  'secret',
  '*.secret',
];

/** Pretty output for a developer at a terminal; JSON lines for everything else (log shippers, tests). */
export function usesPrettyLogs(config: AppConfig, stdoutIsTty: boolean): boolean {
  if (config.logFormat !== 'auto') return config.logFormat === 'pretty';
  return config.nodeEnv === 'development' && stdoutIsTty;
}

/**
 * The process's one pino logger. Writes are synchronous so the last lines
 * before an exit (shutdown, a crash) are never lost and stay in order with the
 * plain "listening" line on stdout.
 */
export function createPino(config: AppConfig, stdoutIsTty = process.stdout.isTTY === true): Logger {
  const destination: DestinationStream = usesPrettyLogs(config, stdoutIsTty)
    ? loadPretty()({ sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' })
    : pino.destination({ dest: 1, sync: true });
  return pino(
    {
      level: config.logLevel,
      base: { instance: config.instanceId },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
