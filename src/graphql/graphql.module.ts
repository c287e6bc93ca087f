import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RoutingModule } from '../routing/routing.module.js';
import { GqlAuthGuard } from './auth/gql-auth.guard.js';
import { BodyValidator } from './body-validator.service.js';
import { graphqlOptions } from './graphql-options.js';
import { LiveEventsPublisher } from './pubsub/live-events.publisher.js';
import { pubSubProvider } from './pubsub/pub-sub.provider.js';
import { Topics } from './pubsub/topics.js';
import { GRAPHQL_RESOLVERS } from './schema-definition.js';
import { GraphqlWsServer } from './ws/graphql-ws.server.js';

/**
 * The GraphQL transport (contract §7): Apollo over HTTP and graphql-ws on
 * /graphql, resolved by the same gateway, catalog and key services as REST.
 */
@Module({
  imports: [
    RoutingModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => graphqlOptions(config),
    }),
  ],
  providers: [...GRAPHQL_RESOLVERS, GqlAuthGuard, BodyValidator, Topics, pubSubProvider, LiveEventsPublisher, GraphqlWsServer],
})
export class GraphqlModule {}
