import { describe, expect, it } from '@jest/globals';
import type { ChatInput } from '../inputs/chat.input.js';
import { chatBody, graphqlParam } from './chat-body.js';

describe('chatBody', () => {
  const input = {
    model: 'together/llama',
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      { role: 'tool', content: '42', toolCallId: 'call_1', name: null },
    ],
    maxTokens: 20,
    topP: 0.9,
    responseFormat: { type: 'json_object' },
    toolChoice: 'auto',
    provider: null,
    extra: { venice_parameters: { enable_web_search: 'on' }, model: 'ignored', stream: true },
  } as unknown as ChatInput;

  it('builds the REST body: snake_case fields, vendor extras, nulls dropped, typed fields winning', () => {
    expect(chatBody(input, false)).toEqual({
      model: 'together/llama',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'hi' }] },
        { role: 'tool', content: '42', tool_call_id: 'call_1' },
      ],
      max_tokens: 20,
      top_p: 0.9,
      response_format: { type: 'json_object' },
      tool_choice: 'auto',
      venice_parameters: { enable_web_search: 'on' },
    });
  });

  it('asks for a stream only for chatStream', () => {
    expect(chatBody(input, true).stream).toBe(true);
    expect(chatBody(input, false)).not.toHaveProperty('stream');
  });

  it('names REST params in GraphQL terms', () => {
    expect(graphqlParam('max_tokens')).toBe('maxTokens');
    expect(graphqlParam('messages.1.tool_call_id')).toBe('messages.1.toolCallId');
    expect(graphqlParam('model')).toBe('model');
    expect(graphqlParam(null)).toBeNull();
  });
});
