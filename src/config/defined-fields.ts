/**
 * The fields of a validated YAML section that were actually set: class-transformer
 * instances carry every declared field, unset ones as undefined, which must not
 * override defaults when spread.
 */
export function definedFields<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, field]) => field !== undefined)) as Partial<T>;
}
