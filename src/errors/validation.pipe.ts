import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { compileAcceptCheck, isPlainObject, type AcceptCheck } from './compiled-validation.js';
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
 * Nest's ValidationPipe behind a compiled fast path: a body its DTO's compiled
 * check accepts is returned at once (as the pipe itself would return it),
 * everything else goes through the full pipe, which explains what is wrong.
 * The full pipe copies the body into a class instance and allocates a
 * ValidationError per decorated property even when all pass: about a fifth of
 * the gateway's CPU per request before this.
 */
export class CompiledValidationPipe extends ValidationPipe {
  private readonly checks = new Map<ArgumentMetadata['metatype'], AcceptCheck | null>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Any parameter kind: REST bodies, and GraphQL arguments (their input classes carry no rules, so they pass at once).
    if (metadata.metatype && isPlainObject(value) && this.toValidate(metadata)) {
      const check = this.checkFor(metadata.metatype);
      if (check?.(value)) {
        // Fastify's JSON parser already refuses a body with `__proto__` or `constructor.prototype`
        // (400); walking every body again for them cost ~1% of a request's CPU.
        if (metadata.type !== 'body') this.stripProtoKeys(value);
        return value;
      }
    }
    return super.transform(value, metadata);
  }

  private checkFor(metatype: NonNullable<ArgumentMetadata['metatype']>): AcceptCheck | null {
    let check = this.checks.get(metatype);
    if (check === undefined) {
      check = compileAcceptCheck(metatype);
      this.checks.set(metatype, check);
    }
    return check;
  }
}

/**
 * Validates DTOs but hands the handler the original body (transform off), so
 * vendor fields the DTO does not list still reach the upstream untouched.
 * Validator options stay at this one key: with more than one, Nest's pipe
 * returns a classToPlain() copy of every body instead of the body itself
 * (about 35 µs per request; `whitelist` is off by default anyway).
 */
export function createValidationPipe(): ValidationPipe {
  return new CompiledValidationPipe({
    transform: false,
    forbidUnknownValues: false,
    exceptionFactory: (errors) => {
      const problem = first(errors);
      return new InvalidRequestError(problem?.message ?? 'Invalid request body.', problem?.param ?? null);
    },
  });
}
