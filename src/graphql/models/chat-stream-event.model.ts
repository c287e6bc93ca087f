import { createUnionType, Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { AttemptModel } from './attempt.model.js';
import { GraphQLJSON } from './json.scalar.js';
import { TokenUsageModel } from './token-usage.model.js';

@ObjectType('ChatStreamDelta', { description: 'One token delta of the completion.' })
export class ChatStreamDelta {
  readonly kind = 'delta' as const;
  @Field({ description: 'Text the delta adds (empty for a tool-call fragment).' }) content!: string;
  @Field(() => Int) index!: number;
  @Field(() => GraphQLJSON, { nullable: true, description: 'Tool-call fragments (OpenAI delta.tool_calls) when the model calls tools.' })
  toolCalls!: unknown[] | null;
}

@ObjectType('ChatStreamWarming', { description: 'The upstream model is loading (cold start); the gateway waits instead of going silent.' })
export class ChatStreamWarming {
  readonly kind = 'warming' as const;
  @Field() provider!: string;
  @Field() model!: string;
  @Field(() => Float, { nullable: true, description: 'How long the provider expects the load to take.' })
  estimatedSeconds!: number | null;
  @Field() message!: string;
}

@ObjectType('ChatStreamFailover', { description: 'A target failed before the first token and the gateway moved on to the next one.' })
export class ChatStreamFailover {
  readonly kind = 'failover' as const;
  @Field() fromProvider!: string;
  @Field() fromModel!: string;
  @Field(() => Int, { nullable: true, description: "The failed attempt's upstream HTTP status; null when no response arrived." })
  upstreamStatus!: number | null;
  @Field(() => String, { nullable: true, description: "The failed attempt's upstream error code." }) upstreamCode!: string | null;
  @Field({ description: 'Why the gateway moved on.' }) reason!: string;
  @Field() toProvider!: string;
  @Field() toModel!: string;
}

@ObjectType('ChatStreamError', { description: 'The stream failed after content was sent; it ends here.' })
export class ChatStreamError {
  readonly kind = 'error' as const;
  @Field({ description: 'A contract error code (upstream_error, upstream_timeout, ...).' }) code!: string;
  @Field() message!: string;
  @Field({ description: 'True when content had already been sent, so the completion is cut short.' }) truncated!: boolean;
  @Field(() => [AttemptModel]) attempts!: AttemptModel[];
  @Field(() => TokenUsageModel, { description: 'What was generated (and billed) before the failure.' }) usage!: TokenUsageModel;
}

@ObjectType('ChatStreamDone', { description: 'The last event: why the completion stopped, its usage and cost.' })
export class ChatStreamDone {
  readonly kind = 'done' as const;
  @Field(() => String, { nullable: true }) finishReason!: string | null;
  @Field(() => TokenUsageModel) usage!: TokenUsageModel;
  @Field(() => Float, { nullable: true, description: 'Cost in USD; null when the price is unknown.' }) costUsd!: number | null;
  @Field() requestId!: string;
  @Field() provider!: string;
  @Field() model!: string;
  @Field(() => [AttemptModel]) attempts!: AttemptModel[];
}

export type ChatStreamEvent = ChatStreamDelta | ChatStreamWarming | ChatStreamFailover | ChatStreamError | ChatStreamDone;

const MEMBERS = {
  delta: ChatStreamDelta,
  warming: ChatStreamWarming,
  failover: ChatStreamFailover,
  error: ChatStreamError,
  done: ChatStreamDone,
} as const;

export const ChatStreamEventUnion = createUnionType({
  name: 'ChatStreamEvent',
  description: 'An event of chatStream: deltas, then ChatStreamDone or ChatStreamError; warming and failover may come first.',
  types: () => [ChatStreamDelta, ChatStreamWarming, ChatStreamFailover, ChatStreamError, ChatStreamDone] as const,
  resolveType: (value: { kind: keyof typeof MEMBERS }) => MEMBERS[value.kind],
});
