import { Inject, Optional, UseGuards } from '@nestjs/common';
import { Args, Context, ID, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import type { PubSubEngine } from 'graphql-subscriptions';
import type { Principal } from '../../keys/principal.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { GqlAuthGuard } from '../auth/gql-auth.guard.js';
import { notImplemented } from '../errors/not-implemented.js';
import type { GraphqlContext } from '../graphql-context.js';
import { GenerateInput } from '../inputs/generate.input.js';
import { usd } from '../mappers/views.js';
import { GenerationModel, GenerationStatus, GenerationType } from '../models/generation.model.js';
import { GENERATIONS, type Generations, type GenerationView } from '../ports/generations.port.js';
import { GRAPHQL_PUB_SUB } from '../pubsub/pub-sub.provider.js';
import { Topics } from '../pubsub/topics.js';
import { topicEvents } from '../subscriptions/iterators.js';
import { UPSTREAM_CALL_COMPLEXITY } from './chat.resolver.js';

const NEEDS = 'the generations module (typed generation jobs)';

function generationView(job: GenerationView): GenerationModel {
  return {
    id: job.id,
    type: job.type as GenerationType,
    status: job.status as GenerationStatus,
    provider: job.provider,
    model: job.model,
    progress: job.progress,
    result: job.result,
    error: job.error,
    costUsd: usd(job.costMicroUsd),
    createdAt: new Date(job.createdAtMs),
    updatedAt: new Date(job.updatedAtMs),
  };
}

const finished = (job: GenerationModel): boolean => job.status === GenerationStatus.SUCCEEDED || job.status === GenerationStatus.FAILED;

/** Typed generation jobs (/api/v2/generations) through the generations module. */
@Resolver()
@UseGuards(GqlAuthGuard)
export class GenerationsResolver {
  constructor(
    private readonly topics: Topics,
    @Inject(GRAPHQL_PUB_SUB) private readonly pubSub: PubSubEngine,
    @Optional() @Inject(GENERATIONS) private readonly generations?: Generations,
  ) {}

  @Query(() => GenerationModel, { description: 'A generation job of the calling key (GET /api/v2/generations/{id}).' })
  async generation(@Args('id', { type: () => ID }) id: string, @CurrentPrincipal() principal: Principal): Promise<GenerationModel> {
    return generationView(await this.port('generation').getOrThrow(principal, id));
  }

  @Mutation(() => GenerationModel, {
    description: 'Starts a generation (POST /api/v2/generations); follow it with generationUpdates.',
    complexity: UPSTREAM_CALL_COMPLEXITY,
  })
  async generate(
    @Args('input') input: GenerateInput,
    @CurrentPrincipal() principal: Principal,
    @Context() ctx: GraphqlContext,
  ): Promise<GenerationModel> {
    const job = await this.port('generate').create(
      principal,
      { type: input.type, provider: input.provider, model: input.model, config: input.config, webhookUrl: input.webhookUrl },
      ctx.nextRequestId(),
    );
    return generationView(job);
  }

  @Subscription(() => GenerationModel, {
    description: 'The job as it is now, then each change until it succeeds or fails.',
    resolve: (event: GenerationModel) => event,
  })
  async generationUpdates(
    @Args('id', { type: () => ID }) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AsyncIterableIterator<GenerationModel>> {
    const port = this.port('generationUpdates');
    // The current state is read once subscribed, so no change falls in between.
    return topicEvents(
      this.pubSub,
      this.topics.generationUpdates,
      (job: GenerationView) => (job.id === id ? generationView(job) : undefined),
      { first: async () => generationView(await port.getOrThrow(principal, id)), last: finished },
    );
  }

  private port(operation: string): Generations {
    if (!this.generations) throw notImplemented(operation, NEEDS);
    return this.generations;
  }
}
