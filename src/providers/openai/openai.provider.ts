import { Injectable } from '@nestjs/common';
import { MediaCapableProvider } from '../openai-compatible/media-capable.provider.js';
import { RegisterProvider } from '../register-provider.decorator.js';

/** The reference wire format: nothing to adapt. https://platform.openai.com/docs/api-reference */
@RegisterProvider('text', 'openai', {
  description: 'OpenAI: GPT chat, completions, embeddings, images (DALL-E, gpt-image), speech and file uploads',
  capabilities: [
    'chat',
    'completions',
    'embeddings',
    'streaming',
    'tools',
    'json_schema',
    'vision',
    'files',
    'audio_input',
    'model_list',
    'images',
    'speech',
    'file_upload',
  ],
  // dall-e-3 standard 1024x1024 per image; tts-1 is $15 per million characters (openai.com/api/pricing).
  flatCostsUsd: { image: 0.04, character: 0.000015 },
  defaultBaseUrl: 'https://api.openai.com/v1',
  docsUrl: 'https://platform.openai.com/docs/api-reference',
})
@Injectable()
export class OpenAIProvider extends MediaCapableProvider {}
