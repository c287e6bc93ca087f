import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Principal } from '../../keys/principal.js';
import type { GraphqlContext } from '../graphql-context.js';

/** The caller, as GqlAuthGuard authenticated it. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = GqlExecutionContext.create(context).getContext<GraphqlContext>().authenticated;
  if (!principal) throw new Error('CurrentPrincipal used on a resolver without GqlAuthGuard');
  return principal;
});
