import { describe, expect, it } from '@jest/globals';
import { ChatCompletionRequestDto } from '../rest/dto/chat-completion-request.dto.js';
import { InvalidRequestError } from './gateway-error.js';
import { createValidationPipe } from './validation.pipe.js';

const metadata = { type: 'body' as const, metatype: ChatCompletionRequestDto, data: undefined };

describe('createValidationPipe', () => {
  it('hands the handler the very body it validated, vendor fields included', async () => {
    const body = { model: 'openrouter/x', messages: [{ role: 'user', content: 'hi' }], plugins: [{ id: 'web' }] };
    await expect(createValidationPipe().transform(body, metadata)).resolves.toBe(body);
  });

  it('names the first invalid field with its path', async () => {
    const body = { model: 'openai/x', messages: [{ role: 'robot', content: 'hi' }] };
    const error = await createValidationPipe()
      .transform(body, metadata)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ param: 'messages.0.role' });
  });
});
