import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module.js';
import { FilesController } from './files.controller.js';
import { FilesService } from './files.service.js';
import { MediaController } from './media.controller.js';
import { MediaService } from './media.service.js';

/** Images, speech and file uploads over the providers' media endpoints. */
@Module({
  imports: [RoutingModule],
  controllers: [MediaController, FilesController],
  providers: [MediaService, FilesService],
  exports: [MediaService],
})
export class MediaModule {}
