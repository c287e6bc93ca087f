// class-transformer keeps its @Type registry in this module; the package has no exports map, so the path is stable.
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata.js';

/** Says whether a parsed JSON value certainly passes its DTO's class-validator rules. */
export type AcceptCheck = (value: Record<string, unknown>) => boolean;

type ValueCheck = (object: Record<string, unknown>, value: unknown) => boolean;
type Class = abstract new (...args: never[]) => unknown;

/** class-transformer's enum value for plainToInstance (TransformationType.PLAIN_TO_CLASS). */
const PLAIN_TO_CLASS = 0;

/**
 * Compiles a DTO's class-validator rules once into a plain function that
 * answers "certainly valid" for the common case: a plain JSON object whose
 * values pass every constraint. It calls the very constraint instances
 * class-validator would, with the same arguments, so the rules stay written
 * once, as decorators. Anything it cannot answer exactly (a failing value,
 * groups, async rules, class-transformer conversions, odd shapes) returns
 * false, and the caller runs the full ValidationPipe, which then builds the
 * error or, rarely, accepts after all. The win: no instance copy, metadata
 * lookups or ValidationError objects on the requests that pass.
 *
 * Returns null for a class using a feature this compiler does not model.
 */
export function compileAcceptCheck(cls: Class): AcceptCheck | null {
  return compileClass(cls, new Map());
}

function compileClass(cls: Class, compiling: Map<Class, AcceptCheck | null>): AcceptCheck | null {
  const known = compiling.get(cls);
  if (known !== undefined) return known;
  // A recursive DTO refers to itself; the slot is filled once compiled.
  let compiled: AcceptCheck | null = null;
  compiling.set(cls, (value) => compiled !== null && compiled(value));
  compiled = buildClass(cls, compiling);
  compiling.set(cls, compiled);
  return compiled;
}

function buildClass(cls: Class, compiling: Map<Class, AcceptCheck | null>): AcceptCheck | null {
  if (defaultMetadataStorage.getExposedMetadatas(cls).length > 0 || defaultMetadataStorage.getExcludedMetadatas(cls).length > 0) {
    return null;
  }
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(cls, undefined as unknown as string, false, false, undefined);
  const grouped = storage.groupByPropertyName(metadatas);
  const properties: Array<{ name: string; check: ValueCheck }> = [];
  for (const [name, list] of Object.entries(grouped)) {
    const check = compileProperty(cls, name, list, compiling);
    if (!check) return null;
    properties.push({ name, check });
  }
  return (object) => {
    for (const { name, check } of properties) if (!check(object, object[name])) return false;
    return true;
  };
}

function compileProperty(
  cls: Class,
  name: string,
  list: ValidationMetadata[],
  compiling: Map<Class, AcceptCheck | null>,
): ValueCheck | null {
  if (list.some((m) => m.groups?.length || m.always || m.validateIf || m.type === ValidationTypes.PROMISE_VALIDATION)) return null;
  if (defaultMetadataStorage.findTransformMetadatas(cls, name, PLAIN_TO_CLASS).length > 0) return null;
  const conditions = list.filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION).map((m) => m.constraints[0] as ValueCheck);
  const constraints: ValueCheck[] = [];
  for (const metadata of list) {
    if (metadata.type !== ValidationTypes.CUSTOM_VALIDATION && metadata.type !== ValidationTypes.IS_DEFINED) continue;
    const check = compileConstraint(cls, name, metadata);
    if (!check) return null;
    constraints.push(check);
  }
  const nested = list.filter((m) => m.type === ValidationTypes.NESTED_VALIDATION);
  const type = defaultMetadataStorage.findTypeMetadata(cls, name);
  // A @Type without nested validation converts the value before validation (e.g. to Number); only the pipe does that.
  if (type && nested.length === 0) return null;
  if (type?.options?.discriminator) return null;
  let nestedCheck: ValueCheck | null = null;
  if (nested.length > 0) {
    const element = type ? compileClass(type.typeFunction() as Class, compiling) : () => true;
    if (!element) return null;
    nestedCheck = (_object, value) => value === undefined || nestedValue(value, element);
  }
  return (object, value) => {
    for (const condition of conditions) if (!condition(object, value)) return true;
    for (const constraint of constraints) if (!constraint(object, value)) return false;
    return nestedCheck === null || nestedCheck(object, value);
  };
}

/** One decorator: the constraint instances registered for it, on the value or, with `each`, on every element. */
function compileConstraint(cls: Class, name: string, metadata: ValidationMetadata): ValueCheck | null {
  const registered = getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls);
  if (registered.some((c) => c.async)) return null;
  const instances = registered.map((c) => c.instance as { validate(value: unknown, args: ValidationArguments): unknown });
  const valid = (object: Record<string, unknown>, value: unknown): boolean => {
    const args: ValidationArguments = { targetName: cls.name, property: name, object, value, constraints: metadata.constraints };
    for (const instance of instances) {
      const result = instance.validate(value, args);
      // A promise is an async rule the pipe awaits; only a settled truthy answer passes here.
      if (!result || result instanceof Promise) return false;
    }
    return true;
  };
  if (!metadata.each) return valid;
  return (object, value) => {
    if (value instanceof Set || value instanceof Map) return false;
    if (!Array.isArray(value)) return valid(object, value);
    for (const element of value) if (!valid(object, element)) return false;
    return true;
  };
}

/**
 * @ValidateNested: an object is checked against its class, an array element
 * by element. Arrays of arrays and other shapes go to the pipe.
 */
function nestedValue(value: unknown, element: AcceptCheck): boolean {
  if (Array.isArray(value)) {
    for (const item of value) if (!isPlainObject(item) || !element(item)) return false;
    return true;
  }
  return isPlainObject(value) && element(value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  // Any realm's Object.prototype (the one prototype without a prototype), so a value from another context counts too.
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}
