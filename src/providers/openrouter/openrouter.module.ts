import { Module } from '@nestjs/common';
import { OpenRouterProvider } from './openrouter.provider.js';

@Module({ providers: [OpenRouterProvider] })
export class OpenRouterModule {}
