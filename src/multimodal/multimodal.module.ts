import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module.js';
import { MultimodalInputHook } from './multimodal-input.hook.js';

/** Images, files and audio in chat: capability routing and inline size limits, as a gateway hook. */
@Module({ imports: [RoutingModule], providers: [MultimodalInputHook] })
export class MultimodalModule {}
