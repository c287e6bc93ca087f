import { Global, Module } from '@nestjs/common';
import { UpstreamHttpService } from './upstream-http.service.js';

@Global()
@Module({ providers: [UpstreamHttpService], exports: [UpstreamHttpService] })
export class UpstreamModule {}
