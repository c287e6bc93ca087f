import { describe, expect, it } from '@jest/globals';
import { InvalidRequestError } from '../../errors/gateway-error.js';
import { outputText, toOpenAIResponse, toTaskBody } from './task-mapping.js';

describe('HF task API mapping', () => {
  describe('toTaskBody', () => {
    it('chat: the last user message is the input; system and assistant turns are not', () => {
      const body = {
        model: 'facebook/bart-large-cnn',
        messages: [
          { role: 'system', content: 'Summarize.' },
          { role: 'user', content: 'first article' },
          { role: 'assistant', content: 'a summary' },
          { role: 'user', content: 'second article' },
        ],
      };
      expect(toTaskBody('chat', body)).toEqual({ inputs: 'second article' });
    });

    it('chat: text parts are joined, other parts ignored', () => {
      const messages = [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'one ' },
            { type: 'image_url', image_url: { url: 'https://x' } },
            { type: 'text', text: 'two' },
          ],
        },
      ];
      expect(toTaskBody('chat', { messages })).toEqual({ inputs: 'one two' });
    });

    it('completions: the prompt (or the first of several) is the input', () => {
      expect(toTaskBody('completions', { prompt: 'a long text' })).toEqual({ inputs: 'a long text' });
      expect(toTaskBody('completions', { prompt: ['first', 'second'] })).toEqual({ inputs: 'first' });
    });

    it('max_tokens becomes max_new_tokens; temperature and explicit parameters pass through', () => {
      expect(toTaskBody('completions', { prompt: 'x', max_tokens: 60, temperature: 0.3, parameters: { min_length: 10 } })).toEqual({
        inputs: 'x',
        parameters: { min_length: 10, max_new_tokens: 60, temperature: 0.3 },
      });
    });

    it('no text to send is a 400 naming the field', () => {
      const thrown = (fn: () => unknown): unknown => {
        try {
          fn();
        } catch (error) {
          return error;
        }
        return undefined;
      };
      const chat = thrown(() => toTaskBody('chat', { messages: [{ role: 'system', content: 'only a system prompt' }] }));
      expect(chat).toBeInstanceOf(InvalidRequestError);
      expect(chat).toMatchObject({ code: 'invalid_request', param: 'messages' });
      expect(thrown(() => toTaskBody('completions', { prompt: '' }))).toMatchObject({ code: 'invalid_request', param: 'prompt' });
    });
  });

  describe('outputText', () => {
    it.each([
      [[{ summary_text: 'short' }], 'short'],
      [[{ generated_text: 'generated' }], 'generated'],
      [[{ translation_text: 'übersetzt' }], 'übersetzt'],
      [{ generated_text: 'not in a list' }, 'not in a list'],
    ])('reads %j', (json, text) => {
      expect(outputText(json)).toBe(text);
    });

    it('an unknown shape is returned as its JSON rather than lost', () => {
      expect(outputText([{ label: 'POSITIVE', score: 0.99 }])).toBe('[{"label":"POSITIVE","score":0.99}]');
    });
  });

  describe('toOpenAIResponse', () => {
    it('dresses the text as a chat completion or a text completion', () => {
      expect(toOpenAIResponse('chat', 'facebook/bart-large-cnn', 'short', 'req-1')).toMatchObject({
        id: 'chatcmpl-req-1',
        object: 'chat.completion',
        model: 'facebook/bart-large-cnn',
        choices: [{ index: 0, message: { role: 'assistant', content: 'short' }, finish_reason: 'stop' }],
      });
      expect(toOpenAIResponse('completions', 'gpt2', 'text', 'req-2')).toMatchObject({
        id: 'cmpl-req-2',
        object: 'text_completion',
        choices: [{ index: 0, text: 'text', finish_reason: 'stop' }],
      });
    });
  });
});
