import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum UsageGroupBy {
  KEY = 'key',
  PROVIDER = 'provider',
  MODEL = 'model',
  DAY = 'day',
}
registerEnumType(UsageGroupBy, { name: 'UsageGroupBy' });

@ObjectType('UsageSummaryRow', { description: 'Aggregates of one group (GET /admin/usage/summary).' })
export class UsageSummaryRowModel {
  @Field({ description: 'The key id, provider, model or day (YYYY-MM-DD, UTC) of the group.' }) group!: string;
  @Field(() => Int) requests!: number;
  @Field(() => Int) errors!: number;
  @Field(() => Float, { description: 'Token counts can exceed 32-bit integers at volume.' }) promptTokens!: number;
  @Field(() => Float) completionTokens!: number;
  @Field(() => Float) costUsd!: number;
}
