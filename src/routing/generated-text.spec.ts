import { describe, expect, it } from '@jest/globals';
import { generatedText } from './generated-text.js';

describe('generatedText', () => {
  it('is the answer text of a delta or message', () => {
    expect(generatedText({ role: 'assistant', content: 'Hello' })).toBe('Hello');
  });

  it('includes reasoning, in both vendor spellings, before the answer', () => {
    expect(generatedText({ reasoning: 'a ', reasoning_content: 'b ', content: 'c' })).toBe('a b c');
  });

  it('includes tool-call names and argument fragments', () => {
    const message = {
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
        { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{}' } },
      ],
    };
    expect(generatedText(message)).toBe('get_weather{"city":"Oslo"}get_time{}');
  });

  it('is empty for a role-only delta and for anything malformed', () => {
    expect(generatedText({ role: 'assistant' })).toBe('');
    expect(generatedText({ content: 5, tool_calls: 'x' })).toBe('');
    expect(generatedText({ tool_calls: [null, { function: null }] })).toBe('');
    expect(generatedText(undefined)).toBe('');
  });
});
