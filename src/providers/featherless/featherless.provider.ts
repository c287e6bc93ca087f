import { Injectable } from '@nestjs/common';
import { UpstreamFailure } from '../../upstream/upstream-failure.js';
import type { ErrorBody } from '../openai-compatible/classify-failure.js';
import { OpenAICompatibleProvider } from '../openai-compatible/openai-compatible.provider.js';
import { RegisterProvider } from '../register-provider.decorator.js';

@RegisterProvider('text', 'featherless', {
  description: 'Featherless: serverless inference for thousands of Hugging Face models, concurrency-based plans',
  capabilities: ['chat', 'completions', 'streaming', 'model_list'],
  defaultBaseUrl: 'https://api.featherless.ai/v1',
  docsUrl: 'https://featherless.ai/docs/api-overview-and-common-options',
})
@Injectable()
export class FeatherlessProvider extends OpenAICompatibleProvider {
  protected override readonly operations = ['chat', 'completions'] as const;

  // Featherless asks callers to identify themselves (docs: api-overview-and-common-options).
  protected override defaultHeaders(): Record<string, string> {
    return { 'http-referer': 'https://github.com/switchyard', 'x-title': 'Switchyard' };
  }

  // A cold model answers 400 "model is cold / not ready for inference"; its body shape is
  // undocumented (PROVIDERS.md §4, §9.1), so the message is the only signal there is.
  protected override classifyQuirk(status: number, body: ErrorBody): UpstreamFailure | undefined {
    if (status === 400 && /\bcold\b|not ready/i.test(body.message)) {
      return new UpstreamFailure('cold_start', status, 'model_cold', body.message);
    }
    return undefined;
  }
}
