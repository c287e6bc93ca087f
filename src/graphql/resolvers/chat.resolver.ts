import { UseGuards } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { Principal } from '../../keys/principal.js';
import { ChatCompletionRequestDto } from '../../rest/dto/chat-completion-request.dto.js';
import { EmbeddingRequestDto } from '../../rest/dto/embedding-request.dto.js';
import { GatewayService } from '../../routing/gateway.service.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { GqlAuthGuard } from '../auth/gql-auth.guard.js';
import { BodyValidator } from '../body-validator.service.js';
import type { GraphqlContext } from '../graphql-context.js';
import { ChatInput } from '../inputs/chat.input.js';
import { EmbedInput } from '../inputs/embed.input.js';
import { chatBody } from '../mappers/chat-body.js';
import { chatCompletionView, embeddingResultView } from '../mappers/completion-view.js';
import { ChatCompletionModel } from '../models/chat-completion.model.js';
import { EmbeddingResultModel } from '../models/embedding.model.js';

/** An upstream call costs far more than reading a field. */
export const UPSTREAM_CALL_COMPLEXITY = 10;

@Resolver()
@UseGuards(GqlAuthGuard)
export class ChatResolver {
  constructor(
    private readonly gateway: GatewayService,
    private readonly validator: BodyValidator,
  ) {}

  @Mutation(() => ChatCompletionModel, {
    description: 'A chat completion (POST /v1/chat/completions) with usage, cost, the serving provider and every attempt.',
    complexity: UPSTREAM_CALL_COMPLEXITY,
  })
  async chat(
    @Args('input') input: ChatInput,
    @CurrentPrincipal() principal: Principal,
    @Context() ctx: GraphqlContext,
  ): Promise<ChatCompletionModel> {
    const body = chatBody(input, false);
    await this.validator.validate(ChatCompletionRequestDto, body);
    const result = await this.gateway.complete({
      operation: 'chat',
      body,
      principal,
      requestId: ctx.nextRequestId(),
      signal: ctx.abort.signal,
    });
    return chatCompletionView(result.json, result.ctx);
  }

  @Mutation(() => EmbeddingResultModel, { description: 'Embeddings (POST /v1/embeddings).', complexity: UPSTREAM_CALL_COMPLEXITY })
  async embed(
    @Args('input') input: EmbedInput,
    @CurrentPrincipal() principal: Principal,
    @Context() ctx: GraphqlContext,
  ): Promise<EmbeddingResultModel> {
    const body: Record<string, unknown> = { model: input.model, input: input.input };
    if (input.provider != null) body.provider = input.provider;
    if (input.dimensions != null) body.dimensions = input.dimensions;
    await this.validator.validate(EmbeddingRequestDto, body);
    const result = await this.gateway.complete({
      operation: 'embeddings',
      body,
      principal,
      requestId: ctx.nextRequestId(),
      signal: ctx.abort.signal,
    });
    return embeddingResultView(result.json, result.ctx);
  }
}
