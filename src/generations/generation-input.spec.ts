import { describe, expect, it } from '@jest/globals';
import { parseGenerationInput } from './generation-input.js';

describe('parseGenerationInput', () => {
  it('accepts a typed generation and defaults the config', () => {
    expect(parseGenerationInput({ type: 'music', provider: 'venice-music' }, true)).toEqual({
      type: 'music',
      provider: 'venice-music',
      model: undefined,
      config: {},
      webhookUrl: undefined,
    });
  });

  it('names the offending field', () => {
    const param = (raw: unknown, httpsOnly = false): unknown => {
      try {
        parseGenerationInput(raw, httpsOnly);
        return undefined;
      } catch (error) {
        return (error as { param: unknown }).param;
      }
    };
    expect(param({ type: 'hologram' })).toBe('type');
    expect(param({ type: 'text', model: '' })).toBe('model');
    expect(param({ type: 'text', config: [] })).toBe('config');
    expect(param({ type: 'video', webhookUrl: 'not a url' })).toBe('webhookUrl');
    expect(param({ type: 'video', webhookUrl: 'ftp://example.com/x' })).toBe('webhookUrl');
    expect(param({ type: 'video', webhookUrl: 'http://example.com/x' }, true)).toBe('webhookUrl');
    expect(param({ type: 'video', webhookUrl: 'http://example.com/x' }, false)).toBeUndefined();
    expect(param('text')).toBeNull();
  });
});
