import { Module } from '@nestjs/common';
import { VeniceMusicProvider } from './venice-music.provider.js';

@Module({ providers: [VeniceMusicProvider] })
export class VeniceMusicModule {}
