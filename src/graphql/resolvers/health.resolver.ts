import { Inject, UseGuards } from '@nestjs/common';
import { Args, Resolver, Subscription } from '@nestjs/graphql';
import type { PubSubEngine } from 'graphql-subscriptions';
import { GqlAuthGuard } from '../auth/gql-auth.guard.js';
import { ProviderHealthModel } from '../models/provider-health.model.js';
import type { ProviderHealthSnapshot } from '../ports/provider-health.port.js';
import { GRAPHQL_PUB_SUB } from '../pubsub/pub-sub.provider.js';
import { Topics } from '../pubsub/topics.js';
import { topicEvents } from '../subscriptions/iterators.js';
import { healthView } from './catalog.resolver.js';

@Resolver()
@UseGuards(GqlAuthGuard)
export class HealthResolver {
  constructor(
    private readonly topics: Topics,
    @Inject(GRAPHQL_PUB_SUB) private readonly pubSub: PubSubEngine,
  ) {}

  @Subscription(() => ProviderHealthModel, {
    description:
      'Status changes of every provider (or of one), with its health and circuit state, from every gateway instance sharing Redis.',
    resolve: (event: ProviderHealthModel) => event,
  })
  async providerHealth(@Args('provider', { nullable: true }) provider?: string): Promise<AsyncIterableIterator<ProviderHealthModel>> {
    return topicEvents(this.pubSub, this.topics.providerHealth, (snapshot: ProviderHealthSnapshot) =>
      provider && snapshot.provider !== provider ? undefined : healthView(snapshot),
    );
  }
}
