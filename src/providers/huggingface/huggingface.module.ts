import { Module } from '@nestjs/common';
import { HuggingFaceProvider } from './huggingface.provider.js';

@Module({ providers: [HuggingFaceProvider] })
export class HuggingFaceModule {}
