import { Field, InputType, Int } from '@nestjs/graphql';

export const USAGE_PAGE_DEFAULT = 50;
export const USAGE_PAGE_MAX = 500;

@InputType('UsageFilter')
export class UsageFilter {
  @Field({ nullable: true }) keyId?: string;
  @Field({ nullable: true }) provider?: string;
  @Field({ nullable: true }) model?: string;
  @Field(() => Date, { nullable: true }) from?: Date;
  @Field(() => Date, { nullable: true }) to?: Date;
  @Field(() => Int, { nullable: true, description: `Page size, ${USAGE_PAGE_DEFAULT} by default, at most ${USAGE_PAGE_MAX}.` })
  first?: number;
  @Field({ nullable: true, description: 'PageInfo.endCursor of the previous page.' }) after?: string;
}
