import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { AttemptModel } from './attempt.model.js';
import { GraphQLJSON } from './json.scalar.js';
import { TokenUsageModel } from './token-usage.model.js';

@ObjectType('ToolCall')
export class ToolCallModel {
  @Field() id!: string;
  @Field() type!: string;
  @Field() name!: string;
  @Field({ description: 'The arguments as the model wrote them (a JSON string).' })
  arguments!: string;
}

@ObjectType('ChatMessage')
export class ChatMessageModel {
  @Field() role!: string;
  @Field(() => String, { nullable: true }) content!: string | null;
  @Field(() => [ToolCallModel], { nullable: true }) toolCalls!: ToolCallModel[] | null;
  @Field(() => String, { nullable: true }) refusal!: string | null;
}

@ObjectType('ChatChoice')
export class ChatChoiceModel {
  @Field(() => Int) index!: number;
  @Field(() => ChatMessageModel) message!: ChatMessageModel;
  @Field(() => String, { nullable: true }) finishReason!: string | null;
}

@ObjectType('ChatCompletion', { description: 'A chat completion with what it cost and how it was served.' })
export class ChatCompletionModel {
  @Field({ description: 'The upstream completion id.' }) id!: string;
  @Field({ description: 'The gateway request id (x-request-id in REST).' }) requestId!: string;
  @Field(() => Int, { nullable: true, description: 'Unix seconds, as the upstream reported.' }) created!: number | null;
  @Field({ description: 'The model that served the request, as the upstream names it.' }) model!: string;
  @Field({ description: 'The provider that served the request.' }) provider!: string;
  @Field(() => [ChatChoiceModel]) choices!: ChatChoiceModel[];
  @Field(() => TokenUsageModel) usage!: TokenUsageModel;
  @Field(() => Float, { nullable: true, description: 'Cost in USD; null when the price is unknown.' }) costUsd!: number | null;
  @Field(() => [AttemptModel], { description: 'Every upstream try, the serving one last.' }) attempts!: AttemptModel[];
  @Field(() => GraphQLJSON, { description: 'The upstream response as received (vendor fields such as citations).' })
  raw!: Record<string, unknown>;
}
