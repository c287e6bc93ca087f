import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ForbiddenError, GatewayError, InvalidRequestError, NoProviderAvailableError } from '../errors/gateway-error.js';
import type { Principal } from '../keys/principal.js';
import type { FileUploadCall } from '../providers/media.types.js';
import { ProviderRegistry } from '../providers/provider-registry.service.js';
import type { TextProvider } from '../providers/provider.types.js';
import { finalError } from '../routing/final-error.js';
import { UpstreamFailure } from '../upstream/upstream-failure.js';
import { attemptRecord } from './media-attempts.js';
import type { LimitedContent } from './upload-limit.js';

export interface FileUpload extends Omit<FileUploadCall, 'content'> {
  provider: string;
  principal: Principal;
  file: LimitedContent;
}

type Uploader = TextProvider & Required<Pick<TextProvider, 'uploadFile'>>;

function canUpload(provider: TextProvider): provider is Uploader {
  return typeof provider.uploadFile === 'function' && provider.registration.metadata.capabilities.includes('file_upload');
}

export interface UploadedFile {
  json: Record<string, unknown>;
  provider: string;
  keyAlias?: string;
}

/** POST /v1/files: one provider, no failover (a file lives where it was uploaded). */
@Injectable()
export class FilesService {
  constructor(
    private readonly registry: ProviderRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The provider a file may go to; checked before the file's bytes are read. */
  private target(providerId: string, principal: Principal): Uploader {
    const provider = this.registry.getTextOrThrow(providerId);
    if (!canUpload(provider)) {
      const able = this.registry
        .textProviders()
        .filter(canUpload)
        .map((p) => p.id);
      throw new InvalidRequestError(
        `Provider "${provider.id}" does not take file uploads. Providers that do: ${able.join(', ')}.`,
        'provider',
      );
    }
    if (principal.kind === 'key' && principal.key.allowedProviders && !principal.key.allowedProviders.includes(provider.id)) {
      throw new ForbiddenError(`This key may not use provider "${provider.id}".`);
    }
    if (provider.disabledReason) throw new NoProviderAvailableError(provider.disabledReason);
    return provider;
  }

  async upload(upload: FileUpload): Promise<UploadedFile> {
    const provider = this.target(upload.provider, upload.principal);
    const started = performance.now();
    const { file, principal: _principal, provider: _id, ...call } = upload;
    try {
      const res = await provider.uploadFile({ ...call, content: file.content });
      return { json: { ...(res.json as Record<string, unknown>), provider: provider.id }, provider: provider.id, keyAlias: res.keyAlias };
    } catch (error) {
      if (file.exceeded) {
        throw new GatewayError(
          'payload_too_large',
          `The file exceeds the upload limit of ${this.config.media.fileUploadLimitBytes} bytes (SWITCHYARD_FILE_UPLOAD_LIMIT_BYTES); it was not stored.`,
          'file',
        );
      }
      if (!(error instanceof UpstreamFailure)) throw error;
      const attempt = attemptRecord({ provider, model: '-' }, started, error.keyAlias, error.status, error.code, error.kind);
      throw finalError(error, [attempt]);
    }
  }
}
