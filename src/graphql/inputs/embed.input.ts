import { Field, InputType, Int } from '@nestjs/graphql';

@InputType('EmbedInput')
export class EmbedInput {
  @Field() model!: string;
  @Field(() => [String], { description: 'One or more texts; one embedding each, in order.' }) input!: string[];
  @Field({ nullable: true }) provider?: string;
  @Field(() => Int, { nullable: true }) dimensions?: number;
}
