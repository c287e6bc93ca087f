import { UseGuards } from '@nestjs/common';
import { Args, Context, Resolver, Subscription } from '@nestjs/graphql';
import type { Principal } from '../../keys/principal.js';
import { ChatCompletionRequestDto } from '../../rest/dto/chat-completion-request.dto.js';
import { GatewayService, type StreamResult } from '../../routing/gateway.service.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { GqlAuthGuard } from '../auth/gql-auth.guard.js';
import { BodyValidator } from '../body-validator.service.js';
import type { GraphqlContext } from '../graphql-context.js';
import { ChatInput } from '../inputs/chat.input.js';
import { chatBody } from '../mappers/chat-body.js';
import { failoverEvents, streamEvents } from '../mappers/stream-events.js';
import { ChatStreamEventUnion, type ChatStreamEvent } from '../models/chat-stream-event.model.js';
import { cancellable } from '../subscriptions/iterators.js';

@Resolver()
@UseGuards(GqlAuthGuard)
export class ChatStreamResolver {
  constructor(
    private readonly gateway: GatewayService,
    private readonly validator: BodyValidator,
  ) {}

  /**
   * The gateway opens the stream (routing, failover before the first token,
   * before-hooks) exactly as for SSE; errors until then are GraphQL errors.
   * Completing the subscription or closing the socket aborts the upstream request,
   * and the gateway's after-hooks bill what was generated.
   */
  @Subscription(() => ChatStreamEventUnion, {
    description:
      'Streams a chat completion: one ChatStreamDelta per token delta, then ChatStreamDone (finishReason, usage, cost) or ChatStreamError.',
    resolve: (event: ChatStreamEvent) => event,
  })
  async chatStream(
    @Args('input') input: ChatInput,
    @CurrentPrincipal() principal: Principal,
    @Context() ctx: GraphqlContext,
  ): Promise<AsyncIterableIterator<ChatStreamEvent>> {
    const body = chatBody(input, true);
    await this.validator.validate(ChatCompletionRequestDto, body);
    const result = await this.gateway.stream({
      operation: 'chat',
      body,
      principal,
      requestId: ctx.nextRequestId(),
      signal: ctx.abort.signal,
    });
    const progress = { settled: false };
    // Abort listeners run synchronously inside abort(), before the upstream failure
    // reaches the gateway's after-hooks, so they see who ended the request.
    ctx.abort.signal.addEventListener('abort', () => (result.ctx.clientAborted ||= !progress.settled), { once: true });
    return cancellable(events(result, progress), () => ctx.abort.abort(new Error('subscription completed by the client')));
  }
}

async function* events(result: StreamResult, progress: { settled: boolean }): AsyncGenerator<ChatStreamEvent> {
  yield* failoverEvents(result.ctx);
  for await (const item of result.items) {
    if (item.type === 'end' || item.type === 'error') progress.settled = true;
    yield* streamEvents(item, result.ctx);
  }
}
