import { Field, Float, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSON } from './json.scalar.js';

export enum GenerationType {
  TEXT = 'text',
  IMAGE = 'image',
  TTS = 'tts',
  VIDEO = 'video',
  MUSIC = 'music',
}
registerEnumType(GenerationType, { name: 'GenerationType' });

export enum GenerationStatus {
  QUEUED = 'queued',
  RUNNING = 'running',
  SUCCEEDED = 'succeeded',
  FAILED = 'failed',
}
registerEnumType(GenerationStatus, { name: 'GenerationStatus' });

@ObjectType('GenerationFailure')
export class GenerationFailureModel {
  @Field() code!: string;
  @Field() message!: string;
}

@ObjectType('Generation', { description: 'A typed generation job (/api/v2/generations).' })
export class GenerationModel {
  @Field(() => ID) id!: string;
  @Field(() => GenerationType) type!: GenerationType;
  @Field(() => GenerationStatus) status!: GenerationStatus;
  @Field() provider!: string;
  @Field(() => String, { nullable: true }) model!: string | null;
  @Field(() => Float, { nullable: true, description: '0 to 1 when the provider reports progress.' }) progress!: number | null;
  @Field(() => GraphQLJSON, { nullable: true, description: 'The output (URLs, base64 data, text) once succeeded.' }) result!: unknown;
  @Field(() => GenerationFailureModel, { nullable: true }) error!: GenerationFailureModel | null;
  @Field(() => Float, { nullable: true }) costUsd!: number | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}
