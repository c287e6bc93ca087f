import { Field, Float, InputType, Int } from '@nestjs/graphql';
import { GraphQLJSON } from '../models/json.scalar.js';

@InputType('ChatMessageInput')
export class ChatMessageInput {
  @Field({ description: 'system, developer, user, assistant, tool or function.' }) role!: string;
  @Field(() => GraphQLJSON, {
    nullable: true,
    description: 'Text, or OpenAI content parts: [{type: "text", text}, {type: "image_url", image_url: {url}}, input_audio, file].',
  })
  content?: unknown;
  @Field({ nullable: true }) name?: string;
  @Field({ nullable: true }) toolCallId?: string;
  @Field(() => GraphQLJSON, { nullable: true, description: "An assistant message's tool_calls, in OpenAI's shape." })
  toolCalls?: unknown;
}

/** Mirrors the REST chat completions body (camelCase); validated by the same rules as REST. */
@InputType('ChatInput')
export class ChatInput {
  @Field({ description: '"<provider>/<model>", a bare model id, or a route alias (contract §2).' }) model!: string;
  @Field(() => [ChatMessageInput]) messages!: ChatMessageInput[];
  @Field({ nullable: true, description: 'Provider id when model is a bare id.' }) provider?: string;
  @Field(() => Float, { nullable: true }) temperature?: number;
  @Field(() => Float, { nullable: true }) topP?: number;
  @Field(() => Int, { nullable: true }) maxTokens?: number;
  @Field(() => Int, { nullable: true }) maxCompletionTokens?: number;
  @Field(() => Int, { nullable: true }) n?: number;
  @Field(() => Int, { nullable: true }) seed?: number;
  @Field(() => Float, { nullable: true }) presencePenalty?: number;
  @Field(() => Float, { nullable: true }) frequencyPenalty?: number;
  @Field(() => GraphQLJSON, { nullable: true, description: 'A string or a list of strings.' }) stop?: unknown;
  @Field(() => GraphQLJSON, { nullable: true, description: 'OpenAI tools: [{type: "function", function: {name, parameters}}].' })
  tools?: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) toolChoice?: unknown;
  @Field(() => GraphQLJSON, { nullable: true, description: '{type: "json_object"} or {type: "json_schema", json_schema: {...}}.' })
  responseFormat?: unknown;
  @Field({ nullable: true }) user?: string;
  @Field(() => GraphQLJSON, { nullable: true, description: 'mock provider only: {status, failAfterChunks, delayMs, chunkDelayMs}.' })
  mock?: unknown;
  @Field(() => GraphQLJSON, {
    nullable: true,
    description: "Vendor fields passed to the upstream as they are (venice_parameters, plugins, models, ...), in the vendor's snake_case.",
  })
  extra?: unknown;
}
