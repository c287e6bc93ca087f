import { describe, expect, it } from '@jest/globals';
import { worstCaseUsage } from './worst-case.js';

const user = (content: unknown) => ({ messages: [{ role: 'user', content }] });

describe('worst-case usage', () => {
  it('takes max_tokens for every choice, then the route default, then the cap', async () => {
    expect((await worstCaseUsage({ ...user('hi'), max_tokens: 50, n: 2 }, 'chat', 10, 4096)).completionTokens).toBe(100);
    expect((await worstCaseUsage({ ...user('hi'), max_completion_tokens: 70 }, 'chat', 10, 4096)).completionTokens).toBe(70);
    expect((await worstCaseUsage(user('hi'), 'chat', 10, 4096)).completionTokens).toBe(10);
    expect((await worstCaseUsage(user('hi'), 'chat', undefined, 4096)).completionTokens).toBe(4096);
    expect((await worstCaseUsage({ input: 'hello world' }, 'embeddings', undefined, 4096)).completionTokens).toBe(0);
  });

  it('counts the prompt with a margin and adds an allowance for non-text parts', async () => {
    const text = await worstCaseUsage(user('hello there, how are you today?'), 'chat', undefined, 1);
    // cl100k: 8 content tokens + 4 per message + 3 = 15, × 1.25 → 19.
    expect(text.promptTokens).toBe(19);
    const image = await worstCaseUsage(
      user([
        { type: 'text', text: 'what is this?' },
        { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
      ]),
      'chat',
      undefined,
      1,
    );
    expect(image.promptTokens).toBeGreaterThan(1_500);
  });

  it('never reads a non-integer or negative max_tokens', async () => {
    expect((await worstCaseUsage({ ...user('x'), max_tokens: -5 }, 'chat', undefined, 64)).completionTokens).toBe(64);
  });
});
