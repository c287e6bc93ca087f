import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { ApiKeyEntity } from '../../keys/api-key.entity.js';
import { RedisService } from '../../redis/redis.service.js';
import { allowance } from './limit-allowance.js';
import { MemoryTokenWindow, RedisTokenWindow, type TokenWindowStore, type WindowState } from './token-window.js';

/**
 * Tokens per minute per key (`tpm`): a request is refused while the key's
 * window is used up, and what each request consumed is added when it ends.
 * Requests in flight can take a window past its limit; the next ones wait.
 */
@Injectable()
export class TokenLimitService {
  private readonly logger = new Logger(TokenLimitService.name);
  private readonly store: TokenWindowStore;
  private readonly windowMs: number;
  private readonly windowSeconds: number;

  constructor(redis: RedisService, @Inject(APP_CONFIG) config: AppConfig) {
    this.store = redis.client ? new RedisTokenWindow(redis.client) : new MemoryTokenWindow();
    this.windowSeconds = config.accounting.limitWindowSeconds;
    this.windowMs = this.windowSeconds * 1000;
  }

  async check(key: ApiKeyEntity): Promise<void> {
    if (!key.tpm) return;
    const limit = allowance(key.tpm, this.windowSeconds);
    let state: WindowState;
    try {
      state = await this.store.read(key.id, this.windowMs);
    } catch (error) {
      // A limit is not worth an outage: the request passes (credits stay enforced by the database).
      this.logger.warn(`Token limit of key ${key.prefix}… not checked: ${(error as Error).message}`);
      return;
    }
    if (state.tokens < limit) return;
    const error = new GatewayError(
      'rate_limited',
      `This API key used its ${key.tpm} tokens per minute (${state.tokens} in the current window); retry after the Retry-After seconds.`,
    );
    error.retryAfterS = Math.max(1, Math.ceil(state.resetInMs / 1000));
    throw error;
  }

  /** Off the request's path: a failure is logged, never surfaced to a client whose response is done. */
  record(key: ApiKeyEntity, tokens: number): void {
    if (!key.tpm || tokens <= 0) return;
    this.store.add(key.id, tokens, this.windowMs).catch((error: unknown) => {
      this.logger.warn(`Counting tokens for key ${key.prefix}… failed: ${(error as Error).message}`);
    });
  }
}
