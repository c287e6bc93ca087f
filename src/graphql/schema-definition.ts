import type { BuildSchemaOptions } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { CatalogResolver } from './resolvers/catalog.resolver.js';
import { ChatStreamResolver } from './resolvers/chat-stream.resolver.js';
import { ChatResolver } from './resolvers/chat.resolver.js';
import { GenerationsResolver } from './resolvers/generations.resolver.js';
import { HealthResolver } from './resolvers/health.resolver.js';
import { KeysResolver } from './resolvers/keys.resolver.js';
import { UsageResolver } from './resolvers/usage.resolver.js';

/** Every resolver: the app registers them, and `npm run schema:write` builds schema.gql from the same list. */
export const GRAPHQL_RESOLVERS = [
  ChatResolver,
  ChatStreamResolver,
  CatalogResolver,
  KeysResolver,
  UsageResolver,
  HealthResolver,
  GenerationsResolver,
];

export const BUILD_SCHEMA_OPTIONS: BuildSchemaOptions = { dateScalarMode: 'isoDate', numberScalarMode: 'float' };

export const SCHEMA_FILE_HEADER =
  '# Switchyard GraphQL schema (contract §7), generated from the code-first resolvers.\n' +
  '# Do not edit: `npm run schema:write` regenerates it and `npm run schema:check` fails when it is stale.\n\n';

/** The committed form: sorted, so a diff in schema.gql is exactly an API change. */
export function schemaFileText(schema: GraphQLSchema): string {
  return SCHEMA_FILE_HEADER + printSchema(lexicographicSortSchema(schema)) + '\n';
}
