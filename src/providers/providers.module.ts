import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { FeatherlessModule } from './featherless/featherless.module.js';
import { HuggingFaceInferenceModule } from './huggingface-inference/huggingface-inference.module.js';
import { HuggingFaceModule } from './huggingface/huggingface.module.js';
import { MockModule } from './mock/mock.module.js';
import { OpenAIModule } from './openai/openai.module.js';
import { OpenRouterModule } from './openrouter/openrouter.module.js';
import { ProviderRegistry } from './provider-registry.service.js';
import { TogetherModule } from './together/together.module.js';
import { TogetherVideoModule } from './together-video/together-video.module.js';
import { VeniceModule } from './venice/venice.module.js';
import { VeniceMusicModule } from './venice-music/venice-music.module.js';

/** Adding a vendor: one folder under providers/ and one import here. */
@Module({
  imports: [
    DiscoveryModule,
    OpenAIModule,
    OpenRouterModule,
    TogetherModule,
    FeatherlessModule,
    VeniceModule,
    HuggingFaceModule,
    HuggingFaceInferenceModule,
    MockModule,
    TogetherVideoModule,
    VeniceMusicModule,
  ],
  providers: [ProviderRegistry],
  exports: [ProviderRegistry],
})
export class ProvidersModule {}
