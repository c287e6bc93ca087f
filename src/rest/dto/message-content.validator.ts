import { registerDecorator, type ValidationOptions } from 'class-validator';

const PART_TYPES = new Set(['text', 'image_url', 'input_audio', 'file', 'refusal']);

/** `content` is a string, null (assistant tool calls), or an array of typed parts. */
export function IsMessageContent(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isMessageContent',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'content must be a string, null, or an array of parts with a known "type"', ...options },
      validator: {
        validate(value: unknown): boolean {
          if (value === null || value === undefined || typeof value === 'string') return true;
          return (
            Array.isArray(value) &&
            value.every((part) => typeof part === 'object' && part !== null && PART_TYPES.has((part as { type?: string }).type ?? ''))
          );
        },
      },
    });
}
