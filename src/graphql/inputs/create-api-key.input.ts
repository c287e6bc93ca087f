import { Field, Float, InputType, Int } from '@nestjs/graphql';

@InputType('CreateApiKeyInput', { description: 'The body of POST /admin/keys.' })
export class CreateApiKeyInput {
  @Field() name!: string;
  @Field(() => Float, { nullable: true, description: 'Starting credits in USD; omit for an unlimited (metered) key.' }) creditsUsd?: number;
  @Field(() => [String], { nullable: true }) allowedModels?: string[];
  @Field(() => [String], { nullable: true }) allowedProviders?: string[];
  @Field(() => Int, { nullable: true }) rpm?: number;
  @Field(() => Int, { nullable: true }) tpm?: number;
  @Field({ nullable: true, description: 'ISO 8601 date-time.' }) expiresAt?: string;
  @Field({ nullable: true }) ownerUser?: string;
  @Field({ nullable: true }) ownerTeam?: string;
  @Field({ nullable: true }) ownerProject?: string;
}
