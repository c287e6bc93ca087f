import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { AppConfig } from '../config/app-config.js';
import { errorFormatter } from './errors/error-formatter.js';
import { GRAPHQL_PATH } from './graphql-path.js';
import { httpContext } from './http-context.js';
import { limitsPlugin } from './limits/limits.plugin.js';
import { noStorePlugin } from './no-store.plugin.js';
import { BUILD_SCHEMA_OPTIONS } from './schema-definition.js';

/**
 * Apollo on the Fastify adapter at /graphql (HTTP; graphql-ws is GraphqlWsServer).
 * The schema is built in memory here; schema.gql is written by `npm run schema:write`.
 */
export function graphqlOptions(config: AppConfig): Omit<ApolloDriverConfig, 'driver'> {
  const development = config.nodeEnv === 'development';
  return {
    path: GRAPHQL_PATH,
    autoSchemaFile: true,
    sortSchema: true,
    buildSchemaOptions: BUILD_SCHEMA_OPTIONS,
    introspection: config.graphql.introspection,
    graphiql: config.graphql.landingPage,
    includeStacktraceInErrorResponses: development,
    autoTransformHttpErrors: false,
    formatError: errorFormatter(config),
    // No cache hints are used, and the cache-control plugin hooks every field of every
    // answer (it also makes Apollo wrap every resolver of the schema, which graphql-ws
    // shares). Inline traces are for federated subgraphs, which this is not.
    plugins: [
      limitsPlugin(config.graphql),
      noStorePlugin(),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
    ],
    context: httpContext,
    // Apollo's Fastify drain plugin calls fastify.close() when Apollo stops, which waits out
    // (and after 10 s cuts) in-flight streams. Stopping in onModuleDestroy would run it before
    // GracefulShutdownService's drain; after the server closed it has nothing left to wait for.
    stopOnApplicationShutdown: true,
  };
}
