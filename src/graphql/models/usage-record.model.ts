import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('UsageRecord', { description: 'One finished request (GET /admin/usage).' })
export class UsageRecordModel {
  @Field(() => ID) id!: string;
  @Field() requestId!: string;
  @Field(() => String, { nullable: true, description: 'Null for the admin key.' }) keyId!: string | null;
  @Field() operation!: string;
  @Field(() => String, { nullable: true, description: 'The alias or "<provider>/<model>" the client asked for.' }) route!: string | null;
  @Field(() => String, { nullable: true }) provider!: string | null;
  @Field(() => String, { nullable: true }) model!: string | null;
  @Field(() => Int, { description: 'HTTP status the request ended with.' }) status!: number;
  @Field(() => String, { nullable: true }) errorCode!: string | null;
  @Field(() => Int) promptTokens!: number;
  @Field(() => Int) completionTokens!: number;
  @Field(() => Float, { nullable: true }) costUsd!: number | null;
  @Field(() => Float) latencyMs!: number;
  @Field(() => Float, { nullable: true }) timeToFirstTokenMs!: number | null;
  @Field(() => Int) attempts!: number;
  @Field() streamed!: boolean;
  @Field(() => Date) createdAt!: Date;
}

@ObjectType('UsageEdge')
export class UsageEdgeModel {
  @Field() cursor!: string;
  @Field(() => UsageRecordModel) node!: UsageRecordModel;
}

@ObjectType('PageInfo')
export class PageInfoModel {
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page.' }) endCursor!: string | null;
  @Field() hasNextPage!: boolean;
}

@ObjectType('UsageConnection', { description: 'A page of usage records, newest first, with a cursor to the next page.' })
export class UsageConnectionModel {
  @Field(() => [UsageEdgeModel]) edges!: UsageEdgeModel[];
  @Field(() => PageInfoModel) pageInfo!: PageInfoModel;
}
