import { Module } from '@nestjs/common';
import { HuggingFaceInferenceProvider } from './huggingface-inference.provider.js';

@Module({ providers: [HuggingFaceInferenceProvider] })
export class HuggingFaceInferenceModule {}
