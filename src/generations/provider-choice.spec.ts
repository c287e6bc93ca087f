import { describe, expect, it } from '@jest/globals';
import type { GenerationsYaml } from '../config/generations-yaml.js';
import { chooseProvider } from './provider-choice.js';

const settings: GenerationsYaml = {
  defaults: { video: 'together-video/google/veo-3.0', image: 'openai' },
  projects: { marketing: { video: 'other-video' } },
};
const videos = [
  { id: 'together-video', enabled: true },
  { id: 'other-video', enabled: true },
];

describe('chooseProvider', () => {
  it('takes the request provider, or the provider prefix of the model', () => {
    expect(chooseProvider({ type: 'video', provider: 'other-video', model: 'x' }, settings, null, videos, true)).toEqual({
      provider: 'other-video',
      model: 'x',
    });
    expect(chooseProvider({ type: 'video', model: 'together-video/kling/v2' }, settings, null, videos, true)).toEqual({
      provider: 'together-video',
      model: 'kling/v2',
    });
  });

  it('falls back to the project setting, then the default, keeping a requested model', () => {
    expect(chooseProvider({ type: 'video' }, settings, 'marketing', videos, true)).toEqual({ provider: 'other-video', model: undefined });
    expect(chooseProvider({ type: 'video' }, settings, 'other-project', videos, true)).toEqual({
      provider: 'together-video',
      model: 'google/veo-3.0',
    });
    expect(chooseProvider({ type: 'video', model: 'kling/v2' }, settings, null, videos, true)).toEqual({
      provider: 'together-video',
      model: 'kling/v2',
    });
  });

  it('lets sync types address the model like chat', () => {
    expect(chooseProvider({ type: 'text', model: 'fast-route' }, settings, null, [], false)).toEqual({ model: 'fast-route' });
    expect(chooseProvider({ type: 'image' }, settings, null, [], false)).toEqual({ provider: 'openai', model: undefined });
  });

  it('uses the only enabled provider, and otherwise asks for one', () => {
    const music = [
      { id: 'venice-music', enabled: true },
      { id: 'off-music', enabled: false },
    ];
    expect(chooseProvider({ type: 'music' }, settings, null, music, true)).toEqual({ provider: 'venice-music', model: undefined });
    expect(() =>
      chooseProvider(
        { type: 'tts' },
        settings,
        null,
        [
          { id: 'a', enabled: true },
          { id: 'b', enabled: true },
        ],
        true,
      ),
    ).toThrow('enabled: a, b. Operators can set generations.defaults.tts');
  });
});
