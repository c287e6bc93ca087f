import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { AttemptModel } from './attempt.model.js';
import { TokenUsageModel } from './token-usage.model.js';

@ObjectType('Embedding')
export class EmbeddingModel {
  @Field(() => Int) index!: number;
  @Field(() => [Float]) embedding!: number[];
}

@ObjectType('EmbeddingResult')
export class EmbeddingResultModel {
  @Field() requestId!: string;
  @Field() model!: string;
  @Field() provider!: string;
  @Field(() => [EmbeddingModel]) data!: EmbeddingModel[];
  @Field(() => TokenUsageModel, { nullable: true }) usage!: TokenUsageModel | null;
  @Field(() => Float, { nullable: true, description: 'Cost in USD; null when the price is unknown.' }) costUsd!: number | null;
  @Field(() => [AttemptModel]) attempts!: AttemptModel[];
}
