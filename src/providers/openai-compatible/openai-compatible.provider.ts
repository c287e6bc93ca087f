import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { envName } from '../../config/env-name.js';
import type { ClientSignal } from '../../routing/client-signal.js';
import { UpstreamHttpService, toFailure } from '../../upstream/upstream-http.service.js';
import { UpstreamFailure } from '../../upstream/upstream-failure.js';
import { redactKnown, redactSecrets } from '../../upstream/redact.js';
import type { KeyPool, LeasedKey } from '../../upstream/key-pool.js';
import type { TextResponse } from '../../upstream/text-response-handler.js';
import { parseRateLimitHeaders } from '../../upstream/rate-limit-headers.js';
import type { UpstreamBinaryResponse } from '../media.types.js';
import type {
  ModelInfo,
  ProviderRegistration,
  TextOperation,
  TextProvider,
  UpstreamCall,
  UpstreamJsonResponse,
  UpstreamStreamResponse,
} from '../provider.types.js';
import { classifyFailure, readErrorBody, type ErrorBody } from './classify-failure.js';
import type { ProviderSettings } from './provider-settings.js';
import { parseSse, type SseOptions } from './sse-events.js';
import { mapOpenAIModels } from './map-models.js';

type Headers = Record<string, string | string[] | undefined>;

/** One raw upstream exchange; `upstreamRequest` leases the key and classifies transport errors. */
export interface RawUpstreamRequest {
  path: string;
  method: 'GET' | 'POST';
  body?: string | Buffer | Readable;
  /** Replaces the JSON content-type (multipart uploads). */
  contentType?: string;
  signal: AbortSignal;
}

export interface RawUpstreamResponse {
  res: Dispatcher.ResponseData;
  key: LeasedKey | undefined;
}

const PATHS: Record<TextOperation, string> = {
  chat: '/chat/completions',
  completions: '/completions',
  embeddings: '/embeddings',
};

/** Request fields only some vendors understand; everyone else gets them stripped. */
const VENDOR_FIELDS = ['venice_parameters', 'plugins', 'transforms', 'route', 'models', 'provider'];

/**
 * The shared adapter for OpenAI-compatible vendors. Subclasses override small
 * named hooks for their quirks; YAML `openai-compatible` providers use it as is.
 */
@Injectable()
export class OpenAICompatibleProvider implements TextProvider {
  registration!: ProviderRegistration;
  protected settings!: ProviderSettings;
  private staticHeaders: Record<string, string> = {};
  private readonly urls = new Map<string, URL>();
  /** Vendor fields this provider accepts and receives untouched. */
  protected readonly acceptedVendorFields: readonly string[] = [];
  /** Whether the upstream honours `stream_options.include_usage`. */
  protected readonly streamUsageOption: boolean = true;
  protected readonly operations: readonly TextOperation[] = ['chat', 'completions', 'embeddings'];

  constructor(protected readonly http: UpstreamHttpService) {}

  get id(): string {
    return this.registration.id;
  }

  get disabledReason(): string | undefined {
    if (!this.settings.baseUrl) return `Provider "${this.id}" is disabled: set ${envName(this.id, 'BASE_URL')}.`;
    if (this.settings.keyRequired && this.settings.keys.size === 0) {
      return `Provider "${this.id}" is disabled: set ${envName(this.id, 'API_KEY')} to enable it.`;
    }
    return undefined;
  }

  get keyPool(): KeyPool | undefined {
    return this.settings.keys.size > 0 ? this.settings.keys : undefined;
  }

  /** Called once by the registry at start-up with this provider's configuration. */
  bind(registration: ProviderRegistration, settings: ProviderSettings): void {
    this.registration = registration;
    this.settings = settings;
    this.urls.clear();
    this.staticHeaders = { 'content-type': 'application/json', ...this.defaultHeaders(), ...settings.headers };
  }

  supports(operation: TextOperation): boolean {
    return this.operations.includes(operation);
  }

  async send(call: UpstreamCall): Promise<UpstreamJsonResponse> {
    const key = call.key ?? this.leaseKey();
    let res: TextResponse;
    try {
      res = await this.http.requestText({
        url: this.urlFor(this.pathFor(call)),
        method: 'POST',
        headers: this.headersFor(key),
        body: JSON.stringify(this.prepareBody(call, false)),
        signal: call.signal,
        timeouts: this.settings.timeouts,
      });
    } catch (error) {
      throw this.tagged(error, key);
    }
    const { text } = res;
    if (res.statusCode >= 400) throw this.failure(res.statusCode, res.headers, text, key);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw this.tagged(new UpstreamFailure('server', res.statusCode, 'invalid_json', 'Upstream returned a body that is not JSON.'), key);
    }
    return {
      status: res.statusCode,
      json: this.mapResponse(call, json),
      keyAlias: key?.alias,
      rateLimit: parseRateLimitHeaders(res.headers, Date.now()),
    };
  }

  async open(call: UpstreamCall): Promise<UpstreamStreamResponse> {
    const key = call.key ?? this.leaseKey();
    const res = await this.post(call, this.prepareBody(call, true), key);
    if (res.statusCode >= 400) {
      const text = await res.body.text().catch(() => '');
      throw this.failure(res.statusCode, res.headers, text, key);
    }
    return {
      events: parseSse(res.body, this.streamOptions(call.signal, key)),
      keyAlias: key?.alias,
      rateLimit: parseRateLimitHeaders(res.headers, Date.now()),
    };
  }

  async listModels(signal: AbortSignal): Promise<ModelInfo[]> {
    if (this.settings.staticModels) return this.settings.staticModels.map((id) => ({ id, provider: this.id }));
    const key = this.leaseKey();
    const res = await this.http.request({
      url: new URL(this.settings.baseUrl + this.modelsPath()),
      method: 'GET',
      headers: this.headersFor(key),
      signal,
      timeouts: this.settings.timeouts,
    });
    const text = await res.body.text();
    if (res.statusCode >= 400) throw this.failure(res.statusCode, res.headers, text, key);
    return this.mapModels(JSON.parse(text));
  }

  // ---- hooks for vendor quirks -------------------------------------------------

  protected defaultHeaders(): Record<string, string> {
    return {};
  }

  protected modelsPath(): string {
    return '/models';
  }

  protected mapModels(json: unknown): ModelInfo[] {
    return mapOpenAIModels(json, this.id);
  }

  /** A vendor-specific reading of an error before the shared classification. */
  protected classifyQuirk(_status: number, _body: ErrorBody, _headers: Headers): UpstreamFailure | undefined {
    return undefined;
  }

  protected mapResponse(_call: UpstreamCall, json: unknown): unknown {
    return json;
  }

  protected prepareBody(call: UpstreamCall, stream: boolean): Record<string, unknown> {
    const body: Record<string, unknown> = { ...call.body };
    for (const field of VENDOR_FIELDS) {
      if (field in body && !this.acceptedVendorFields.includes(field)) delete body[field];
    }
    if (call.operation === 'embeddings') return body;
    body.stream = stream;
    if (stream && this.streamUsageOption) {
      const options = (body.stream_options ?? {}) as Record<string, unknown>;
      body.stream_options = { ...options, include_usage: true };
    }
    return body;
  }

  // ---- plumbing -----------------------------------------------------------------

  /** The caller's own key when it brings one (alias `<id>#own`, outside the pool), else the pool's next key. */
  private leaseKey(): LeasedKey | undefined {
    if (!this.settings.keyRequired && this.settings.keys.size === 0) return undefined;
    const key = this.settings.keys.lease();
    if (!key) {
      throw new UpstreamFailure('auth', null, 'no_usable_key', `Every API key of provider "${this.id}" is resting or failed.`, {
        retryAfterMs: Math.max(0, this.settings.keys.nextAvailableAt() - Date.now()),
      });
    }
    return key;
  }

  /** Parsed once per path: URL parsing showed up per request. Callers only read the URL. */
  private urlFor(path: string): URL {
    let url = this.urls.get(path);
    if (!url) {
      url = new URL(this.settings.baseUrl + path);
      // Paths with a model in them (task APIs) come from clients: keep the memo bounded.
      if (this.urls.size >= 256) this.urls.clear();
      this.urls.set(path, url);
    }
    return url;
  }

  private headersFor(key: LeasedKey | undefined): Record<string, string> {
    return key ? { ...this.staticHeaders, authorization: `Bearer ${key.key}` } : this.staticHeaders;
  }

  // ---- plumbing for operations beyond chat (media providers) ----------------------

  /** Sends one request with a leased key; transport errors come back classified and tagged with the key. */
  protected async upstreamRequest(req: RawUpstreamRequest): Promise<RawUpstreamResponse> {
    const key = this.leaseKey();
    const headers = this.headersFor(key);
    try {
      const res = await this.http.request({
        url: new URL(this.settings.baseUrl + req.path),
        method: req.method,
        headers: req.contentType ? { ...headers, 'content-type': req.contentType } : headers,
        body: req.body,
        signal: req.signal,
        timeouts: this.settings.timeouts,
      });
      return { res, key };
    } catch (error) {
      throw this.tagged(error, key);
    }
  }

  /** The whole body as JSON; an error status becomes a classified failure. */
  protected async readJson({ res, key }: RawUpstreamResponse, signal: ClientSignal): Promise<unknown> {
    const text = await res.body.text().catch((error: unknown) => {
      throw this.tagged(toFailure(error, signal), key);
    });
    if (res.statusCode >= 400) throw this.failure(res.statusCode, res.headers, text, key);
    try {
      return JSON.parse(text);
    } catch {
      throw this.tagged(new UpstreamFailure('server', res.statusCode, 'invalid_json', 'Upstream returned a body that is not JSON.'), key);
    }
  }

  /** A binary body left streaming for the caller; an error status becomes a classified failure. */
  protected async binary({ res, key }: RawUpstreamResponse, fallbackType: string): Promise<UpstreamBinaryResponse> {
    if (res.statusCode >= 400) {
      const text = await res.body.text().catch(() => '');
      throw this.failure(res.statusCode, res.headers, text, key);
    }
    const type = res.headers['content-type'];
    const length = Number(res.headers['content-length']);
    return {
      contentType: typeof type === 'string' && type ? type : fallbackType,
      contentLength: Number.isFinite(length) && length > 0 ? length : undefined,
      body: res.body,
      keyAlias: key?.alias,
    };
  }

  private async post(call: UpstreamCall, body: Record<string, unknown>, key: LeasedKey | undefined): Promise<Dispatcher.ResponseData> {
    try {
      return await this.http.request({
        url: this.urlFor(this.pathFor(call)),
        method: 'POST',
        headers: this.headersFor(key),
        body: JSON.stringify(body),
        signal: call.signal,
        timeouts: this.settings.timeouts,
      });
    } catch (error) {
      throw this.tagged(error, key);
    }
  }

  protected pathFor(call: UpstreamCall): string {
    return PATHS[call.operation];
  }

  private failure(status: number, headers: Headers, text: string, key: LeasedKey | undefined): UpstreamFailure {
    // Keys go before the body is read: its message is cut short, and a key across the cut would survive in part.
    // A caller's own key (bring-your-own) is not in the pool but must not leak either.
    const secrets = key ? [...this.settings.keys.keys, key.key] : this.settings.keys.keys;
    const body = readErrorBody(redactKnown(text, secrets));
    body.message = redactSecrets(body.message, secrets);
    const now = Date.now();
    const failure = this.classifyQuirk(status, body, headers) ?? classifyFailure(status, headers, body, now);
    failure.hints.rateLimit ??= parseRateLimitHeaders(headers, now);
    return this.tagged(failure, key) as UpstreamFailure;
  }

  private tagged(error: unknown, key: LeasedKey | undefined): unknown {
    if (error instanceof UpstreamFailure && key) error.keyAlias = key.alias;
    return error;
  }

  /** Error events lose the provider's keys; body-read errors mid-stream become classified failures carrying the key alias. */
  private streamOptions(signal: ClientSignal, key: LeasedKey | undefined): SseOptions {
    return {
      // A mid-stream error event is shown to the client; an upstream may echo the key in it.
      mapData: (data) => (data.includes('"error"') ? redactKnown(data, this.settings.keys.keys) : data),
      mapError: (error) => this.tagged(this.streamFailure(toFailure(error, signal)), key),
    };
  }

  /** undici's body timeout mid-stream means the upstream went silent: a stalled stream. */
  private streamFailure(error: unknown): unknown {
    if (!(error instanceof UpstreamFailure) || error.code !== 'UND_ERR_BODY_TIMEOUT') return error;
    return new UpstreamFailure(
      'timeout',
      null,
      'stream_idle_timeout',
      `The upstream stream sent nothing for ${this.settings.timeouts.idleMs} ms (timeouts.idleMs).`,
    );
  }
}
