import { Inject, UseGuards } from '@nestjs/common';
import { Args, Context, ID, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import type { Principal } from '../../keys/principal.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { GqlAuthGuard } from '../auth/gql-auth.guard.js';
import type { GraphqlContext } from '../graphql-context.js';
import { GenerateInput } from '../inputs/generate.input.js';
import { usd } from '../mappers/views.js';
import { GenerationModel, GenerationStatus, GenerationType } from '../models/generation.model.js';
import { GENERATIONS, type Generations, type GenerationView } from '../ports/generations.port.js';
import { cancellable } from '../subscriptions/iterators.js';
import { UPSTREAM_CALL_COMPLEXITY } from './chat.resolver.js';

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

async function* mapped<S, T>(source: AsyncGenerator<S>, map: (value: S) => T): AsyncGenerator<T> {
  for await (const value of source) yield map(value);
}

/** Typed generation jobs (/api/v2/generations) through the generations module. */
@Resolver()
@UseGuards(GqlAuthGuard)
export class GenerationsResolver {
  constructor(@Inject(GENERATIONS) private readonly generations: Generations) {}

  @Query(() => GenerationModel, { description: 'A generation job of the calling key (GET /api/v2/generations/{id}).' })
  async generation(@Args('id', { type: () => ID }) id: string, @CurrentPrincipal() principal: Principal): Promise<GenerationModel> {
    return generationView(await this.generations.getOrThrow(principal, id));
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
    const job = await this.generations.create(
      principal,
      { type: input.type, provider: input.provider, model: input.model, config: input.config, webhookUrl: input.webhookUrl },
      ctx.nextRequestId(),
      ctx.abort.signal,
    );
    return generationView(job);
  }

  @Subscription(() => GenerationModel, {
    description: 'The job as it is now, then each change until it succeeds or fails (on any instance sharing Redis).',
    resolve: (event: GenerationModel) => event,
  })
  async generationUpdates(
    @Args('id', { type: () => ID }) id: string,
    @CurrentPrincipal() principal: Principal,
    @Context() ctx: GraphqlContext,
  ): Promise<AsyncIterableIterator<GenerationModel>> {
    // A missing or foreign job is refused here, as an error of the subscribe call.
    await this.generations.getOrThrow(principal, id);
    const updates = this.generations.updates(principal, id, ctx.abort.signal);
    return cancellable(mapped(updates, generationView), () => ctx.abort.abort());
  }
}
