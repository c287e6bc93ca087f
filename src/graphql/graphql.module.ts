import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AccountingModule } from '../accounting/accounting.module.js';
import { KeyRequestLimiter } from '../accounting/limits/key-request-limiter.service.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { GenerationsModule } from '../generations/generations.module.js';
import { HealthModule } from '../health/health.module.js';
import { RoutingModule } from '../routing/routing.module.js';
import { AccountingUsageQuery } from './adapters/accounting-usage-query.js';
import { GenerationsAdapter } from './adapters/generations-adapter.js';
import { LedgerCredits } from './adapters/ledger-credits.js';
import { ProviderHealthAdapter } from './adapters/provider-health.adapter.js';
import { GqlAuthGuard } from './auth/gql-auth.guard.js';
import { BodyValidator } from './body-validator.service.js';
import { graphqlOptions } from './graphql-options.js';
import { CREDITS } from './ports/credits.port.js';
import { GENERATIONS } from './ports/generations.port.js';
import { PROVIDER_HEALTH } from './ports/provider-health.port.js';
import { REQUEST_LIMITER, type RequestLimiter } from './ports/request-limiter.port.js';
import { USAGE_QUERY } from './ports/usage-query.port.js';
import { LiveEventsPublisher } from './pubsub/live-events.publisher.js';
import { pubSubProvider } from './pubsub/pub-sub.provider.js';
import { Topics } from './pubsub/topics.js';
import { GRAPHQL_RESOLVERS } from './schema-definition.js';
import { GraphqlWsServer } from './ws/graphql-ws.server.js';

/**
 * The GraphQL transport (contract §7): Apollo over HTTP and graphql-ws on
 * /graphql, resolved by the same gateway, catalog, key, accounting,
 * generations and health services as REST. The ports are bound to them here.
 */
@Module({
  imports: [
    RoutingModule,
    AccountingModule,
    GenerationsModule,
    HealthModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => graphqlOptions(config),
    }),
  ],
  providers: [
    ...GRAPHQL_RESOLVERS,
    GqlAuthGuard,
    BodyValidator,
    Topics,
    pubSubProvider,
    LiveEventsPublisher,
    GraphqlWsServer,
    { provide: USAGE_QUERY, useClass: AccountingUsageQuery },
    { provide: CREDITS, useClass: LedgerCredits },
    { provide: GENERATIONS, useClass: GenerationsAdapter },
    { provide: PROVIDER_HEALTH, useClass: ProviderHealthAdapter },
    // REST's rpm counter; the transport argument does not matter to it (one allowance per key).
    { provide: REQUEST_LIMITER, inject: [KeyRequestLimiter], useFactory: (limiter: KeyRequestLimiter): RequestLimiter => limiter },
  ],
})
export class GraphqlModule {}
