import { Module } from '@nestjs/common';
import { VeniceProvider } from './venice.provider.js';

@Module({ providers: [VeniceProvider] })
export class VeniceModule {}
