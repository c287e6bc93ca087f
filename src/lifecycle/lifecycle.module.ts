import { Global, Module } from '@nestjs/common';
import { GracefulShutdownService } from './graceful-shutdown.service.js';
import { InFlightRequests } from './in-flight-requests.js';

@Global()
@Module({ providers: [InFlightRequests, GracefulShutdownService], exports: [InFlightRequests, GracefulShutdownService] })
export class LifecycleModule {}
