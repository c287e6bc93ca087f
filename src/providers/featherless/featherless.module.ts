import { Module } from '@nestjs/common';
import { FeatherlessProvider } from './featherless.provider.js';

@Module({ providers: [FeatherlessProvider] })
export class FeatherlessModule {}
