import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';
import { redactSecrets } from '../upstream/redact.js';

const STACK_LINE = /\n\s+at /;

/**
 * Nest's LoggerService on pino: every framework and module log line becomes a
 * structured record with its context, and every string is scrubbed of
 * configured secrets and key-shaped tokens before it is written.
 */
export class AppLogger implements LoggerService {
  constructor(
    private readonly pino: Logger,
    private readonly secrets: readonly string[],
  ) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace', message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    // Nest passes the context last; an error's stack, when given, comes before it.
    const rest = [...params];
    const context = rest.length > 0 && typeof rest.at(-1) === 'string' && !STACK_LINE.test(rest.at(-1) as string) ? rest.pop() : undefined;
    const stack = rest.find((param): param is string => typeof param === 'string' && STACK_LINE.test(param));
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    if (stack) fields.stack = this.clean(stack);
    if (message instanceof Error) {
      fields.err = { type: message.name, message: this.clean(message.message), stack: this.clean(message.stack ?? '') };
      this.pino[level](fields, this.clean(message.message));
    } else if (typeof message === 'object' && message !== null) {
      this.pino[level]({ ...fields, ...this.cleanObject(message) });
    } else {
      this.pino[level](fields, this.clean(String(message)));
    }
  }

  /** Scrubbed through its JSON text; when scrubbing broke the JSON, the text itself is logged. */
  private cleanObject(value: object): Record<string, unknown> {
    const text = this.clean(JSON.stringify(value));
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      return { data: text };
    }
  }

  private clean(text: string): string {
    return redactSecrets(text, this.secrets);
  }
}
