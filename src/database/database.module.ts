import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DatabaseHealthIndicator } from './database.health.js';
import { dataSourceOptions } from './data-source-options.js';
import { SqliteCheckpointer } from './sqlite-checkpointer.service.js';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => dataSourceOptions(config.databaseUrl, config.migrateOnStart),
    }),
    TerminusModule,
  ],
  providers: [DatabaseHealthIndicator, SqliteCheckpointer],
  exports: [DatabaseHealthIndicator],
})
export class DatabaseModule {}
