import { Injectable } from '@nestjs/common';
import { OpenAICompatibleProvider } from '../openai-compatible/openai-compatible.provider.js';
import { RegisterProvider } from '../register-provider.decorator.js';

/** The reference wire format: nothing to adapt. https://platform.openai.com/docs/api-reference */
@RegisterProvider('text', 'openai', {
  description: 'OpenAI: GPT chat, completions and embeddings',
  capabilities: ['chat', 'completions', 'embeddings', 'streaming', 'tools', 'json_schema', 'vision', 'files', 'model_list'],
  defaultBaseUrl: 'https://api.openai.com/v1',
  docsUrl: 'https://platform.openai.com/docs/api-reference',
})
@Injectable()
export class OpenAIProvider extends OpenAICompatibleProvider {}
