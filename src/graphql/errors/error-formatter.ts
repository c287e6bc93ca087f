import { Logger } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';
import type { AppConfig } from '../../config/app-config.js';
import { redactSecrets } from '../../upstream/redact.js';
import { formatGraphqlError } from './format-error.js';

export type ErrorFormatter = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/** The one formatter of both transports (Apollo's formatError and graphql-ws), logging hidden failures once. */
export function errorFormatter(config: AppConfig): ErrorFormatter {
  const logger = new Logger('GraphQL');
  const options = {
    development: config.nodeEnv === 'development',
    bodyLimitBytes: config.bodyLimitBytes,
    onInternal: (error: unknown): void =>
      logger.error(redactSecrets(error instanceof Error ? (error.stack ?? error.message) : String(error))),
  };
  return (formatted, error) => formatGraphqlError(formatted, error, options);
}
