import { Field, InputType } from '@nestjs/graphql';
import { GenerationType } from '../models/generation.model.js';
import { GraphQLJSON } from '../models/json.scalar.js';

@InputType('GenerateInput', { description: 'The body of POST /api/v2/generations.' })
export class GenerateInput {
  @Field(() => GenerationType) type!: GenerationType;
  @Field({ nullable: true, description: "Provider id; the key's or project's default for the type when omitted." }) provider?: string;
  @Field({ nullable: true }) model?: string;
  @Field(() => GraphQLJSON, { description: "The type's settings: prompt, size, voice, duration, ..." }) config!: Record<string, unknown>;
  @Field({ nullable: true, description: 'Receives signed progress and result notifications.' }) webhookUrl?: string;
}
