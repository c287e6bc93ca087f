import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { InvalidRequestError } from './gateway-error.js';

/** A wrong type also fails the range checks ("hot" is "greater than 2"); the type check (`is*`) explains it. */
function mainProblem(constraints: Record<string, string>): string {
  const entries = Object.entries(constraints);
  return (entries.find(([name]) => name.startsWith('is')) ?? entries[0])[1];
}

function first(errors: ValidationError[], path: string[] = []): { param: string; message: string } | undefined {
  for (const error of errors) {
    const here = [...path, error.property];
    if (error.constraints) {
      const message = mainProblem(error.constraints);
      return {
        param: here.join('.'),
        message: message.startsWith(error.property) ? `${here.join('.')}${message.slice(error.property.length)}` : message,
      };
    }
    const nested = first(error.children ?? [], here);
    if (nested) return nested;
  }
  return undefined;
}

/**
 * Validates DTOs but hands the handler the original body (transform off), so
 * vendor fields the DTO does not list still reach the upstream untouched.
 * Validator options stay at this one key: with more than one, Nest's pipe
 * returns a classToPlain() copy of every body instead of the body itself
 * (about 35 µs per request; `whitelist` is off by default anyway).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: false,
    forbidUnknownValues: false,
    exceptionFactory: (errors) => {
      const problem = first(errors);
      return new InvalidRequestError(problem?.message ?? 'Invalid request body.', problem?.param ?? null);
    },
  });
}
