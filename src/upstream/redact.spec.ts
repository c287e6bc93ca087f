import { describe, expect, it } from '@jest/globals';
import { redactKnown, redactSecrets } from './redact.js';

describe('redactSecrets', () => {
  it('removes every occurrence of the configured secrets, whatever they look like', () => {
    const secret = 'tgkey9f8e7d6c5b4a3928';
    expect(redactSecrets(`key ${secret} rejected; retry with ${secret}`, [secret])).toBe('key [redacted] rejected; retry with [redacted]');
  });

  it.each([
    ['an OpenAI key', 'Incorrect API key provided: sk-proj-AbCdEf123456 (project)', 'Incorrect API key provided: [redacted] (project)'],
    ["OpenAI's masked echo", 'Incorrect API key provided: sk-ab***cd', 'Incorrect API key provided: [redacted]'],
    ['a key masked with dots', 'key sk-abc...wxyz was revoked', 'key [redacted] was revoked'],
    ['an OpenRouter key', 'key sk-or-v1-0123abcd is disabled', 'key [redacted] is disabled'],
    ['a Hugging Face token', 'token hf_AbCdEfGh is invalid', 'token [redacted] is invalid'],
    ['a Switchyard client key', 'sy_live_AbC123xyz revoked', '[redacted] revoked'],
    ['an Authorization header value', 'sent Authorization: Bearer abc.def-ghi', 'sent Authorization: [redacted]'],
  ])('removes %s without being told', (_name, text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  it('leaves ordinary text alone', () => {
    const text = 'The model `gpt-4o` does not exist; ask-me-later is fine, as is a task-id.';
    expect(redactSecrets(text)).toBe(text);
  });

  it('does not treat very short configured values as secrets', () => {
    expect(redactSecrets('the word abc stays', ['abc'])).toBe('the word abc stays');
  });
});

describe('redactKnown', () => {
  it('replaces only the given secrets, so a JSON body still parses', () => {
    const body = JSON.stringify({
      error: { message: 'Invalid key tgkey9f8e7d6c5b4a3928 (Bearer tgkey9f8e7d6c5b4a3928)', code: 'invalid_api_key' },
    });
    const redacted = redactKnown(body, ['tgkey9f8e7d6c5b4a3928']);
    expect(JSON.parse(redacted)).toEqual({ error: { message: 'Invalid key [redacted] (Bearer [redacted])', code: 'invalid_api_key' } });
  });

  it('redacts a secret anywhere in a long text, before anything truncates it', () => {
    const secret = 'tgkey9f8e7d6c5b4a3928';
    const text = `${'.'.repeat(495)}${secret}`;
    expect(redactKnown(text, [secret]).slice(0, 500)).not.toContain(secret.slice(0, 5));
  });
});
