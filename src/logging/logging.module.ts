import { Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RoutingModule } from '../routing/routing.module.js';
import { AppLogger } from './app-logger.service.js';
import { createPino } from './create-pino.js';
import { PINO } from './pino.token.js';
import { RequestLogService } from './request-log.service.js';

/** Structured logs (pino): Nest's logger for the whole app, and request logs. */
@Global()
@Module({
  imports: [RoutingModule],
  providers: [
    { provide: PINO, inject: [APP_CONFIG], useFactory: (config: AppConfig): Logger => createPino(config) },
    {
      provide: AppLogger,
      inject: [PINO, APP_CONFIG],
      useFactory: (pino: Logger, config: AppConfig) => new AppLogger(pino, config.secrets),
    },
    RequestLogService,
  ],
  exports: [PINO, AppLogger],
})
export class LoggingModule {}
