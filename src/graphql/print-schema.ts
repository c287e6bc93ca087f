import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { BUILD_SCHEMA_OPTIONS, GRAPHQL_RESOLVERS, schemaFileText } from './schema-definition.js';

/** schema.gql's text, built from the resolvers' metadata alone: no database, no server. */
export async function printGraphqlSchema(): Promise<string> {
  const context = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  try {
    const schema = await context.get(GraphQLSchemaFactory).create(GRAPHQL_RESOLVERS, BUILD_SCHEMA_OPTIONS);
    return schemaFileText(schema);
  } finally {
    await context.close();
  }
}
