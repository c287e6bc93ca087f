import { Module, type DynamicModule } from '@nestjs/common';
import { AccountingModule } from './accounting/accounting.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { GenerationsModule } from './generations/generations.module.js';
import { GraphqlModule } from './graphql/graphql.module.js';
import { HealthModule } from './health/health.module.js';
import { KeysModule } from './keys/keys.module.js';
import { LifecycleModule } from './lifecycle/lifecycle.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { MediaModule } from './media/media.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { MultimodalModule } from './multimodal/multimodal.module.js';
import { RedisModule } from './redis/redis.module.js';
import { RestModule } from './rest/rest.module.js';
import { UpstreamModule } from './upstream/upstream.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      // AccountingModule after KeysModule: its rate-limit guard needs the AuthGuard's principal.
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        LifecycleModule,
        RedisModule,
        UpstreamModule,
        DatabaseModule,
        KeysModule,
        AccountingModule,
        RestModule,
        GraphqlModule,
        MultimodalModule,
        MediaModule,
        GenerationsModule,
        HealthModule,
        MetricsModule,
      ],
    };
  }
}
