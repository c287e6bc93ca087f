import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

@ObjectType('ApiKey', {
  description: 'A client key (contract §3; the same names as REST /admin/keys). The key itself is never shown again.',
})
export class ApiKeyModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field({ description: 'The first characters of the key, to recognise it.' }) prefix!: string;
  @Field(() => Float, { nullable: true, description: 'Spendable credit in USD; null for an unlimited (metered) key.' })
  balanceUsd!: number | null;
  @Field(() => [String], { nullable: true }) allowedModels!: string[] | null;
  @Field(() => [String], { nullable: true }) allowedProviders!: string[] | null;
  @Field(() => Int, { nullable: true }) rpm!: number | null;
  @Field(() => Int, { nullable: true }) tpm!: number | null;
  @Field(() => String, { nullable: true }) ownerUser!: string | null;
  @Field(() => String, { nullable: true }) ownerTeam!: string | null;
  @Field(() => String, { nullable: true }) ownerProject!: string | null;
  @Field(() => Date, { nullable: true }) expiresAt!: Date | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) revokedAt!: Date | null;
}

@ObjectType('NewApiKey', { description: 'A freshly minted key: the only time `key` is shown.' })
export class NewApiKeyModel extends ApiKeyModel {
  @Field({ description: 'The secret to send as "Authorization: Bearer <key>".' }) key!: string;
}

export enum PrincipalKind {
  ADMIN = 'admin',
  KEY = 'key',
}
registerEnumType(PrincipalKind, { name: 'PrincipalKind' });

@ObjectType('Me', { description: 'Who the calling key is.' })
export class MeModel {
  @Field(() => PrincipalKind) kind!: PrincipalKind;
  @Field(() => ApiKeyModel, { nullable: true, description: 'The key; null for the admin key (SWITCHYARD_ADMIN_KEY).' })
  key!: ApiKeyModel | null;
}
