import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { IsNull, Not, type Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { GatewayError, InvalidApiKeyError } from '../errors/gateway-error.js';
import { resolveAdminKey } from './admin-key.js';
import { ApiKeyEntity } from './api-key.entity.js';
import { displayPrefix, hashKey, mintKey } from './key-material.js';
import type { Principal } from './principal.js';

export interface NewKey {
  name: string;
  balanceMicroUsd?: number | null;
  allowedModels?: string[] | null;
  allowedProviders?: string[] | null;
  rpm?: number | null;
  tpm?: number | null;
  expiresAtMs?: number | null;
  ownerUser?: string | null;
  ownerTeam?: string | null;
  ownerProject?: string | null;
}

export type KeyPatch = Partial<
  Pick<
    ApiKeyEntity,
    | 'name'
    | 'allowedModels'
    | 'allowedProviders'
    | 'rpm'
    | 'tpm'
    | 'expiresAtMs'
    | 'ownerUser'
    | 'ownerTeam'
    | 'ownerProject'
    | 'providerKeys'
  >
>;

// Authenticating every request against the database would put a query on the
// hot path; a short cache bounds how long a revocation takes on other instances.
const CACHE_TTL_MS = 5_000;

@Injectable()
export class ApiKeysService implements OnModuleInit {
  private readonly logger = new Logger(ApiKeysService.name);
  private adminKey!: Buffer;
  private readonly cache = new Map<string, { key: ApiKeyEntity; at: number }>();

  constructor(
    @InjectRepository(ApiKeyEntity) private readonly repo: Repository<ApiKeyEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const source = resolveAdminKey(this.config.adminKey, this.config.dataDir);
    this.adminKey = Buffer.from(source.key);
    if (source.file) {
      this.logger.log(`${source.generated ? 'Generated the admin key' : 'Using the admin key'} stored in ${source.file} (mode 0600)`);
    }
  }

  async authenticate(header: string | undefined): Promise<Principal> {
    // The scheme name is case-insensitive (RFC 9110 §11.1); some clients send "bearer".
    const token = /^bearer\s+(.+)$/i.exec(header ?? '')?.[1].trim();
    if (!token) throw new InvalidApiKeyError();
    const candidate = Buffer.from(token);
    if (candidate.length === this.adminKey.length && timingSafeEqual(candidate, this.adminKey)) return { kind: 'admin' };
    const key = await this.findByToken(token);
    if (!key || key.revokedAtMs !== null)
      throw new InvalidApiKeyError('Unknown or revoked API key. Ask an admin for a key (POST /admin/keys).');
    if (key.expiresAtMs !== null && key.expiresAtMs <= Date.now()) {
      throw new InvalidApiKeyError(`API key ${key.prefix}… expired; ask an admin for a new one.`);
    }
    return { kind: 'key', key };
  }

  async create(input: NewKey): Promise<{ entity: ApiKeyEntity; key: string }> {
    const key = mintKey();
    const entity = this.repo.create({
      id: randomUUID(),
      name: input.name,
      prefix: displayPrefix(key),
      keyHash: hashKey(key),
      balanceMicroUsd: input.balanceMicroUsd ?? null,
      allowedModels: input.allowedModels ?? null,
      allowedProviders: input.allowedProviders ?? null,
      rpm: input.rpm ?? null,
      tpm: input.tpm ?? null,
      expiresAtMs: input.expiresAtMs ?? null,
      ownerUser: input.ownerUser ?? null,
      ownerTeam: input.ownerTeam ?? null,
      ownerProject: input.ownerProject ?? null,
      createdAtMs: Date.now(),
      providerKeys: null,
      revokedAtMs: null,
    });
    await this.repo.insert(entity);
    return { entity, key };
  }

  /** Whether any live key holds a credit balance (those requests count prompt tokens). */
  hasKeysWithCredits(): Promise<boolean> {
    return this.repo.exists({ where: { balanceMicroUsd: Not(IsNull()), revokedAtMs: IsNull() } });
  }

  list(includeRevoked = false): Promise<ApiKeyEntity[]> {
    return this.repo.find({ where: includeRevoked ? {} : { revokedAtMs: IsNull() }, order: { createdAtMs: 'ASC' } });
  }

  async getOrThrow(id: string): Promise<ApiKeyEntity> {
    const key = await this.repo.findOneBy({ id });
    if (!key) throw new GatewayError('not_found', `API key ${id} does not exist. List keys with GET /admin/keys.`, 'id');
    return key;
  }

  /** Changes a key's policy fields; the change is visible at once on this instance. */
  async update(id: string, patch: KeyPatch): Promise<ApiKeyEntity> {
    const key = await this.getOrThrow(id);
    if (Object.keys(patch).length > 0) await this.repo.update({ id }, patch);
    this.cache.delete(key.keyHash);
    return this.getOrThrow(id);
  }

  async revoke(id: string): Promise<ApiKeyEntity> {
    const key = await this.getOrThrow(id);
    if (key.revokedAtMs === null) {
      key.revokedAtMs = Date.now();
      await this.repo.update({ id }, { revokedAtMs: key.revokedAtMs });
    }
    this.cache.delete(key.keyHash);
    return key;
  }

  /** Drops a cached key after a change so this instance sees it at once. */
  forget(keyHash: string): void {
    this.cache.delete(keyHash);
  }

  private async findByToken(token: string): Promise<ApiKeyEntity | null> {
    const hash = hashKey(token);
    const cached = this.cache.get(hash);
    const now = Date.now();
    if (cached && now - cached.at < CACHE_TTL_MS) return cached.key;
    const key = await this.repo.findOneBy({ keyHash: hash });
    if (key) this.cache.set(hash, { key, at: now });
    else this.cache.delete(hash);
    return key;
  }
}
