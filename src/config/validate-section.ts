import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ConfigError } from './config-error.js';

function firstProblem(errors: ValidationError[], path: string): string | undefined {
  for (const error of errors) {
    const here = path ? `${path}.${error.property}` : error.property;
    if (error.constraints) {
      const message = Object.values(error.constraints)[0];
      return `${here} ${message} (got ${JSON.stringify(error.value)})`;
    }
    const nested = firstProblem(error.children ?? [], here);
    if (nested) return nested;
  }
  return undefined;
}

/** Validates one plain object against a class; throws a one-line ConfigError naming the path. */
export function validateSection<T extends object>(cls: ClassConstructor<T>, plain: unknown, where: string, path = ''): T {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    throw new ConfigError(`Invalid configuration: ${where} ${path || 'value'} must be a mapping`);
  }
  const instance = plainToInstance(cls, plain);
  const problem = firstProblem(validateSync(instance, { forbidUnknownValues: false }), path);
  if (problem) throw new ConfigError(`Invalid configuration: ${where} ${problem}`);
  return instance;
}
