import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { GatewayError, InvalidRequestError } from '../../errors/gateway-error.js';
import type { ApiKeyEntity } from '../../keys/api-key.entity.js';
import { ProviderRegistry } from '../../providers/provider-registry.service.js';
import { resolveEncryptionKey } from './encryption-key.js';
import { open, seal } from './secret-box.js';

/**
 * Bring-your-own upstream keys: sealed per provider with AES-256-GCM before
 * they reach the database, opened only to make that key's upstream calls.
 */
@Injectable()
export class ProviderKeysService implements OnModuleInit {
  private readonly logger = new Logger(ProviderKeysService.name);
  private key: Buffer | undefined;
  // Opening costs a decryption per provider; a cached key entity is opened once.
  private readonly opened = new WeakMap<ApiKeyEntity, Record<string, string>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: ProviderRegistry,
  ) {}

  onModuleInit(): void {
    const source = resolveEncryptionKey(this.config.encryptionKey, this.config.dataDir, this.config.isProduction);
    this.key = source?.key;
    if (source?.generated) this.logger.log(`Generated the provider-key encryption key in ${source.file} (mode 0600)`);
  }

  /** The stored map after `changes` (a string sets a provider's key, null removes it); null when none is left. */
  apply(apiKeyId: string, stored: Record<string, string> | null, changes: Record<string, string | null>): Record<string, string> | null {
    const next = { ...stored };
    for (const [provider, secret] of Object.entries(changes)) {
      if (secret === null) {
        delete next[provider];
        continue;
      }
      if (!this.registry.findText(provider)) {
        throw new InvalidRequestError(
          `providerKeys.${provider}: no such provider; known: ${this.registry.ids().join(', ')}`,
          'providerKeys',
        );
      }
      if (!this.key) {
        throw new InvalidRequestError(
          'Provider keys cannot be stored: set SWITCHYARD_ENCRYPTION_KEY (32 bytes, base64 or hex) to enable them.',
          'providerKeys',
        );
      }
      next[provider] = seal(secret, this.key, `${apiKeyId}:${provider}`);
    }
    return Object.keys(next).length > 0 ? next : null;
  }

  /** The key's own upstream keys in plaintext, by provider id; undefined when it brings none. */
  open(apiKey: ApiKeyEntity): Record<string, string> | undefined {
    if (!apiKey.providerKeys || Object.keys(apiKey.providerKeys).length === 0) return undefined;
    const cached = this.opened.get(apiKey);
    if (cached) return cached;
    const plain: Record<string, string> = {};
    for (const [provider, sealed] of Object.entries(apiKey.providerKeys)) {
      try {
        if (!this.key) throw new Error('SWITCHYARD_ENCRYPTION_KEY is not set');
        plain[provider] = open(sealed, this.key, `${apiKey.id}:${provider}`);
      } catch (error) {
        this.logger.error(`Provider key for ${provider} of API key ${apiKey.prefix}… cannot be opened: ${(error as Error).message}`);
        throw new GatewayError(
          'internal_error',
          `The provider key stored for ${provider} on this API key cannot be decrypted; an admin must check SWITCHYARD_ENCRYPTION_KEY or set the key again.`,
        );
      }
    }
    this.opened.set(apiKey, plain);
    return plain;
  }
}
