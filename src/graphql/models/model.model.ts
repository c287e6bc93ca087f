import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('ModelPricing', { description: 'USD prices as the provider lists them.' })
export class ModelPricingModel {
  @Field(() => Float, { nullable: true }) inputPerMTokUsd!: number | null;
  @Field(() => Float, { nullable: true }) outputPerMTokUsd!: number | null;
  @Field(() => Float, { nullable: true }) requestUsd!: number | null;
  @Field(() => Float, { nullable: true }) imageUsd!: number | null;
}

@ObjectType('Model', { description: 'A model of an enabled provider (GET /v1/models).' })
export class ModelModel {
  @Field({ description: '"<provider>/<model-id>", the id to send as ChatInput.model.' }) id!: string;
  @Field({ description: "The provider's own model id." }) modelId!: string;
  @Field() provider!: string;
  @Field(() => Int, { nullable: true }) created!: number | null;
  @Field(() => String, { nullable: true }) ownedBy!: string | null;
  @Field(() => Int, { nullable: true }) contextLength!: number | null;
  @Field(() => [String], {
    description: "The model's capabilities as its provider lists them, or the provider's declared capabilities when the list has none.",
  })
  capabilities!: string[];
  @Field(() => ModelPricingModel, { nullable: true }) pricing!: ModelPricingModel | null;
}
