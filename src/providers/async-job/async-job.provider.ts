import { Inject, Injectable } from '@nestjs/common';
import type { Dispatcher } from 'undici';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { envName } from '../../config/env-name.js';
import { redactSecrets } from '../../upstream/redact.js';
import { KeyPool, type LeasedKey } from '../../upstream/key-pool.js';
import { UpstreamFailure } from '../../upstream/upstream-failure.js';
import { UpstreamHttpService, toFailure } from '../../upstream/upstream-http.service.js';
import type { AsyncGenerationProvider, AsyncJobInput, AsyncJobRef, AsyncJobStatus } from '../async-generation.types.js';
import { classifyFailure, readErrorBody } from '../openai-compatible/classify-failure.js';
import type { ProviderSettings } from '../openai-compatible/provider-settings.js';
import type { ProviderRegistration } from '../provider.types.js';

export interface JobResponse {
  res: Dispatcher.ResponseData;
  key: LeasedKey;
}

/**
 * Plumbing shared by async job providers: key rotation, the upstream pool,
 * the shared failure classification. A job provider is a product of a vendor
 * that also serves chat, so its keys (and, where `parentBaseUrl` says so, its
 * base URL) default to that vendor's `<P>_API_KEY` / `<P>_BASE_URL`.
 */
@Injectable()
export abstract class AsyncJobProvider implements AsyncGenerationProvider {
  registration!: ProviderRegistration;
  protected settings!: ProviderSettings;
  readonly defaultModel?: string;
  /** The chat provider whose keys this one uses unless its own are set. */
  protected abstract readonly parent: string;

  constructor(
    protected readonly http: UpstreamHttpService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get id(): string {
    return this.registration.id;
  }

  get disabledReason(): string | undefined {
    if (this.settings.keys.size > 0) return undefined;
    return `Provider "${this.id}" is disabled: set ${envName(this.id, 'API_KEY')} or ${envName(this.parent, 'API_KEY')} to enable it.`;
  }

  /** Called once by the registry at start-up. */
  bind(registration: ProviderRegistration, settings: ProviderSettings): void {
    this.registration = registration;
    const own = this.config.providerConfig(registration.id);
    const parent = this.config.providerConfig(this.parent);
    const keys = own.apiKeys.length > 0 ? settings.keys : new KeyPool(parent.apiKeys, registration.id, parent.keyRecheckMs);
    const baseUrl = own.baseUrl ? settings.baseUrl : (this.parentBaseUrl(parent.baseUrl) ?? settings.baseUrl);
    this.settings = { ...settings, keys, baseUrl: baseUrl.replace(/\/+$/, '') };
  }

  /** The base URL derived from the parent's `<P>_BASE_URL`, when that is how the vendor lays out its API. */
  protected parentBaseUrl(_parentBaseUrl: string | undefined): string | undefined {
    return undefined;
  }

  abstract units(model: string, config: Record<string, unknown>): Record<string, number>;
  abstract create(input: AsyncJobInput): Promise<Omit<AsyncJobRef, 'model'> & { progress?: number }>;
  abstract poll(job: AsyncJobRef, signal: AbortSignal): Promise<AsyncJobStatus>;

  protected async request(method: 'GET' | 'POST', path: string, body: unknown, signal: AbortSignal): Promise<JobResponse> {
    const key = this.settings.keys.lease();
    if (!key) throw new UpstreamFailure('auth', null, 'no_usable_key', `Every API key of provider "${this.id}" is resting or failed.`);
    try {
      const res = await this.http.request({
        url: new URL(this.settings.baseUrl + path),
        method,
        headers: {
          ...this.settings.headers,
          authorization: `Bearer ${key.key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
        timeouts: this.settings.timeouts,
      });
      return { res, key };
    } catch (error) {
      if (error instanceof UpstreamFailure) error.keyAlias = key.alias;
      throw error;
    }
  }

  /** The body as JSON; an error status becomes a classified failure. */
  protected async json({ res, key }: JobResponse, signal: AbortSignal): Promise<Record<string, unknown>> {
    const text = await res.body.text().catch((error: unknown) => {
      throw toFailure(error, signal);
    });
    if (res.statusCode >= 400) throw this.failure(res, text, key);
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new UpstreamFailure('server', res.statusCode, 'invalid_json', 'Upstream returned a body that is not JSON.');
    }
  }

  protected failure(res: Dispatcher.ResponseData, text: string, key: LeasedKey): UpstreamFailure {
    const body = readErrorBody(text);
    body.message = redactSecrets(body.message, this.settings.keys.keys);
    const failure = classifyFailure(res.statusCode, res.headers, body, Date.now());
    failure.keyAlias = key.alias;
    return failure;
  }
}
