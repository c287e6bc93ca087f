import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSON } from './json.scalar.js';

export enum ProviderTypeEnum {
  TEXT = 'text',
  IMAGE = 'image',
  TTS = 'tts',
  VIDEO = 'video',
  MUSIC = 'music',
}
registerEnumType(ProviderTypeEnum, { name: 'ProviderType', description: 'What a provider generates.' });

@ObjectType('Provider', { description: 'A registered upstream provider. `models` and `health` are resolved on demand.' })
export class ProviderModel {
  @Field() id!: string;
  @Field(() => ProviderTypeEnum) type!: ProviderTypeEnum;
  @Field() description!: string;
  @Field() enabled!: boolean;
  @Field(() => String, { nullable: true, description: 'Why the provider cannot serve requests (no key configured).' })
  disabledReason!: string | null;
  @Field(() => [String]) capabilities!: string[];
  @Field(() => String, { nullable: true }) docsUrl!: string | null;
  @Field({ description: 'Generation runs as a job (create, poll, fetch).' }) async!: boolean;
  @Field(() => GraphQLJSON, { nullable: true, description: 'Flat unit costs in USD (per request, per image, ...).' })
  flatCostsUsd!: Record<string, number> | null;
}
