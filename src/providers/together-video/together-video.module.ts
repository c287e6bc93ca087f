import { Module } from '@nestjs/common';
import { TogetherVideoProvider } from './together-video.provider.js';

@Module({ providers: [TogetherVideoProvider] })
export class TogetherVideoModule {}
