import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('TokenUsage', { description: 'Tokens of one request.' })
export class TokenUsageModel {
  @Field(() => Int) promptTokens!: number;
  @Field(() => Int) completionTokens!: number;
  @Field(() => Int) totalTokens!: number;
  @Field({ description: 'True when the gateway counted the tokens because the upstream reported none.' })
  estimated!: boolean;
}
