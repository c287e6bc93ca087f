import { Module } from '@nestjs/common';
import { OpenAIProvider } from './openai.provider.js';

@Module({ providers: [OpenAIProvider] })
export class OpenAIModule {}
