import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { TokenUsageModel } from './token-usage.model.js';

export enum UsageEventOutcome {
  OK = 'ok',
  ERROR = 'error',
  CLIENT_ABORTED = 'client_aborted',
}
registerEnumType(UsageEventOutcome, { name: 'UsageEventOutcome' });

@ObjectType('UsageEvent', { description: 'A request that just finished, on any gateway instance (usageEvents).' })
export class UsageEventModel {
  @Field() requestId!: string;
  @Field(() => String, { nullable: true, description: 'Null for the admin key.' }) keyId!: string | null;
  @Field() operation!: string;
  @Field(() => String, { nullable: true }) route!: string | null;
  @Field(() => String, { nullable: true }) provider!: string | null;
  @Field(() => String, { nullable: true }) model!: string | null;
  @Field() streamed!: boolean;
  @Field(() => UsageEventOutcome) outcome!: UsageEventOutcome;
  @Field(() => String, { nullable: true }) errorCode!: string | null;
  @Field(() => TokenUsageModel, { nullable: true }) usage!: TokenUsageModel | null;
  @Field(() => Float, { nullable: true }) costUsd!: number | null;
  @Field(() => Float) latencyMs!: number;
  @Field(() => Float, { nullable: true }) timeToFirstTokenMs!: number | null;
  @Field(() => Int) attempts!: number;
  @Field(() => Date) finishedAt!: Date;
}
