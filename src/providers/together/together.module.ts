import { Module } from '@nestjs/common';
import { TogetherProvider } from './together.provider.js';

@Module({ providers: [TogetherProvider] })
export class TogetherModule {}
