import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('Attempt', { description: 'One upstream try, as in the REST x-switchyard-attempts-detail header and error.attempts.' })
export class AttemptModel {
  @Field() provider!: string;
  @Field() model!: string;
  @Field(() => String, { nullable: true, description: 'Alias of the upstream key used (never the key itself).' })
  keyAlias!: string | null;
  @Field(() => Int, { nullable: true, description: 'Upstream HTTP status; null when no response arrived.' })
  status!: number | null;
  @Field(() => String, { nullable: true }) code!: string | null;
  @Field(() => Float) latencyMs!: number;
  @Field({ description: 'Why the gateway moved on, or "ok".' })
  outcome!: string;
}
