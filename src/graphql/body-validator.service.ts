import { Injectable, type Type, type ValidationPipe } from '@nestjs/common';
import { createValidationPipe } from '../errors/validation.pipe.js';

/**
 * Validates a GraphQL operation's REST-shaped body with the REST DTO and pipe,
 * so both transports accept and refuse exactly the same requests.
 */
@Injectable()
export class BodyValidator {
  private readonly pipe: ValidationPipe = createValidationPipe();

  async validate(dto: Type<unknown>, body: Record<string, unknown>): Promise<void> {
    await this.pipe.transform(body, { type: 'body', metatype: dto });
  }
}
