import { describe, expect, it } from '@jest/globals';
import { ValidationPipe, type Type } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { CreateGenerationDto, GenerationBatchDto } from '../generations/dto/create-generation.dto.js';
import { ImageGenerationRequestDto } from '../media/dto/image-generation-request.dto.js';
import { SpeechRequestDto } from '../media/dto/speech-request.dto.js';
import { AddCreditsDto } from '../rest/dto/add-credits.dto.js';
import { ChatCompletionRequestDto } from '../rest/dto/chat-completion-request.dto.js';
import { CompletionRequestDto } from '../rest/dto/completion-request.dto.js';
import { CreateKeyDto } from '../rest/dto/create-key.dto.js';
import { EmbeddingRequestDto } from '../rest/dto/embedding-request.dto.js';
import { UpdateKeyDto } from '../rest/dto/update-key.dto.js';
import { compileAcceptCheck } from './compiled-validation.js';

/** The reference: Nest's pipe with the gateway's options, without the fast path. */
const reference = new ValidationPipe({ transform: false, forbidUnknownValues: false });

async function referenceAccepts(dto: Type<unknown>, body: Record<string, unknown>): Promise<boolean> {
  return reference.transform(structuredClone(body), { type: 'body', metatype: dto }).then(
    () => true,
    () => false,
  );
}

const MESSAGE = { role: 'user', content: 'hi' };
/** Values that are valid for some field somewhere and invalid for most others. */
const POOL: unknown[] = [
  undefined,
  null,
  '',
  'x',
  'openai/gpt-4o-mini',
  'user',
  'url',
  'b64_json',
  'mp3',
  'alloy',
  'image',
  'text',
  '1024x1024',
  'https://example.test/hook',
  0,
  1,
  2,
  3,
  16,
  17,
  -1,
  0.5,
  1.5,
  1e9,
  Number.MAX_SAFE_INTEGER,
  true,
  false,
  [],
  ['a', 'b'],
  [1, 2],
  [[1, 2]],
  [MESSAGE],
  [{ role: 'robot', content: 'x' }],
  [{ role: 'assistant', content: null, tool_calls: [] }],
  [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
  [{ role: 'user', content: [{ type: 'video' }] }],
  [{ role: 'user', name: 5 }],
  [MESSAGE, 'hi'],
  [null],
  {},
  { include_usage: true },
  { type: 'json_object' },
  { prompt: 'x' },
];

/** A small deterministic generator so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function propertiesOf(dto: Type<unknown>): string[] {
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(dto, undefined as unknown as string, false, false, undefined);
  return [...new Set(metadatas.map((m) => m.propertyName))];
}

const DTOS: Array<[Type<unknown>, Record<string, unknown>]> = [
  [
    ChatCompletionRequestDto,
    { model: 'openai/gpt-4o-mini', messages: [MESSAGE], temperature: 0.5, stream: true, plugins: [{ id: 'web' }] },
  ],
  [CompletionRequestDto, { model: 'openai/gpt-4o-mini', prompt: 'Once', max_tokens: 16 }],
  [EmbeddingRequestDto, { model: 'openai/text-embedding-3-small', input: ['a', 'b'] }],
  [ImageGenerationRequestDto, { model: 'openai/gpt-image-1', prompt: 'a fox' }],
  [SpeechRequestDto, { model: 'openai/tts-1', input: 'hello', voice: 'alloy' }],
  [CreateKeyDto, { name: 'team-a' }],
  [UpdateKeyDto, { rpm: 10 }],
  [AddCreditsDto, { amountUsd: 1, note: 'invoice' }],
  [CreateGenerationDto, { type: 'video', model: 'together/video', prompt: 'a fox' }],
  [GenerationBatchDto, { items: [{ type: 'video', prompt: 'a fox' }], parallel: true }],
];

describe('compileAcceptCheck', () => {
  it.each(DTOS.map(([dto, body]) => [dto.name, dto, body] as const))('accepts a typical valid %s body', async (_name, dto, body) => {
    expect(await referenceAccepts(dto, body)).toBe(true);
    expect(compileAcceptCheck(dto)?.(structuredClone(body))).toBe(true);
  });

  it.each(DTOS.map(([dto, body]) => [dto.name, dto, body] as const))(
    'never accepts a %s body that class-validator refuses (random bodies)',
    async (_name, dto, valid) => {
      const check = compileAcceptCheck(dto);
      expect(check).not.toBeNull();
      const next = random(dto.name.length * 7919);
      const properties = [...propertiesOf(dto), 'extra'];
      let fastAccepted = 0;
      let refused = 0;
      for (let i = 0; i < 1500; i++) {
        const body: Record<string, unknown> = structuredClone(valid);
        // Change one to three fields; the rest stays valid, so a single bad rule decides.
        const changes = 1 + Math.floor(next() * 3);
        for (let c = 0; c < changes; c++) {
          const property = properties[Math.floor(next() * properties.length)];
          const value = POOL[Math.floor(next() * POOL.length)];
          if (value === undefined) delete body[property];
          else body[property] = structuredClone(value);
        }
        const fast = check!(structuredClone(body));
        const full = await referenceAccepts(dto, body);
        if (fast && !full) throw new Error(`compiled check accepted a body the pipe refuses: ${JSON.stringify(body)}`);
        if (fast) fastAccepted++;
        if (!full) refused++;
      }
      // Both kinds occurred, so the comparison above meant something.
      expect(fastAccepted).toBeGreaterThan(0);
      expect(refused).toBeGreaterThan(0);
    },
  );

  it('refuses nested garbage in messages that the pipe also refuses', async () => {
    const check = compileAcceptCheck(ChatCompletionRequestDto)!;
    for (const messages of [['hi'], [null], [{ role: 'user', content: 5 }], [{ role: 'robot', content: 'x' }]]) {
      const body = { model: 'm', messages };
      expect(check(body)).toBe(false);
      expect(await referenceAccepts(ChatCompletionRequestDto, body)).toBe(false);
    }
  });
});
