import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module.js';
import { MediaController } from './media.controller.js';
import { MediaService } from './media.service.js';

/** Images, speech and file uploads over the providers' media endpoints. */
@Module({ imports: [RoutingModule], controllers: [MediaController], providers: [MediaService], exports: [MediaService] })
export class MediaModule {}
