import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { FakeUpstream, openai, together } from '../fake-upstream/index.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

const LIMIT = 256 * 1024;

/** The file part's bytes as the provider received them. */
function filePart(raw: Buffer, contentType: string): Buffer {
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1] ?? '';
  const start = raw.indexOf('name="file"');
  const bodyStart = raw.indexOf('\r\n\r\n', start) + 4;
  const end = raw.indexOf(`\r\n--${boundary}--`, bodyStart);
  return raw.subarray(bodyStart, end);
}

function form(fields: Record<string, string>, file?: { bytes: Buffer; name: string }): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  if (file) data.append('file', new Blob([file.bytes], { type: 'application/jsonl' }), file.name);
  return data;
}

describe('POST /v1/files', () => {
  let fake: FakeUpstream;
  let gateway: TestGateway;
  let key: string;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    gateway = await startGateway({
      env: {
        OPENAI_API_KEY: 'sk-openai-test',
        OPENAI_BASE_URL: `${fake.url}/openai/v1`,
        TOGETHER_API_KEY: 'tg-test',
        TOGETHER_BASE_URL: `${fake.url}/together/v1`,
        SWITCHYARD_FILE_UPLOAD_LIMIT_BYTES: String(LIMIT),
      },
    });
    key = (await gateway.mintKey()).key;
  });

  beforeEach(() => fake.reset());

  afterAll(async () => {
    await gateway?.close();
    await fake?.close();
  });

  const upload = (body: FormData, query = ''): Promise<Response> => gateway.request(`/v1/files${query}`, { method: 'POST', key, body });

  it("streams a fine-tuning file to Together's /files/upload, bytes intact, and answers an OpenAI file object", async () => {
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => `{"text":"line ${i} \u00e9"}\n`).join(''));
    fake.script('POST', '/together/v1/files/upload', together.file({ filename: 'train.jsonl', bytes: bytes.length }));

    const res = await upload(form({ provider: 'together', purpose: 'fine-tune' }, { bytes, name: 'train.jsonl' }));

    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: 'file-together-1',
      object: 'file',
      bytes: bytes.length,
      provider: 'together',
      status: 'processed',
    });
    const [upstream] = fake.requestsTo('/together/v1/files/upload');
    const contentType = upstream?.headers['content-type'] ?? '';
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(upstream?.headers.authorization).toBe('Bearer tg-test');
    const raw = upstream?.rawBody ?? Buffer.alloc(0);
    expect(filePart(raw, contentType).equals(bytes)).toBe(true);
    expect(raw.toString()).toContain('name="purpose"\r\n\r\nfine-tune\r\n');
    expect(raw.toString()).toContain('name="file_name"\r\n\r\ntrain.jsonl\r\n');
    expect(raw.toString()).toContain('filename="train.jsonl"');
  });

  it('uploads to OpenAI /files with the provider chosen in the query', async () => {
    const bytes = Buffer.from('{"custom_id":"1"}\n');
    fake.script('POST', '/openai/v1/files', openai.file({ filename: 'batch.jsonl', bytes: bytes.length, purpose: 'batch' }));

    const res = await upload(form({ purpose: 'batch' }, { bytes, name: 'batch.jsonl' }), '?provider=openai');

    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchyard-provider')).toBe('openai');
    expect(await res.json()).toMatchObject({ id: 'file-fake-1', purpose: 'batch', provider: 'openai' });
    const [upstream] = fake.requestsTo('/openai/v1/files');
    expect(filePart(upstream?.rawBody ?? Buffer.alloc(0), upstream?.headers['content-type'] ?? '').equals(bytes)).toBe(true);
  });

  it('refuses a file over the limit with 413 and never completes the upstream upload', async () => {
    fake.route('POST', '/together/v1/files/upload', () => together.file({ filename: 'big.jsonl', bytes: 0 }));

    const res = await upload(
      form({ provider: 'together', purpose: 'fine-tune' }, { bytes: Buffer.alloc(LIMIT + 10_000, 97), name: 'big.jsonl' }),
    );

    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('payload_too_large');
    expect(body.error.message).toContain('SWITCHYARD_FILE_UPLOAD_LIMIT_BYTES');
    // The upload had started streaming; the provider saw it cut off mid-body, so no file exists there.
    const [cut] = await fake.waitForRequests(1);
    expect(cut?.path).toBe('/together/v1/files/upload');
    expect(cut?.aborted).toBe(true);
    expect(cut?.rawBody.length).toBeLessThan(LIMIT + 10_000);
  });

  it('refuses providers without uploads and missing fields', async () => {
    const noUploads = await upload(form({ provider: 'mock', purpose: 'fine-tune' }, { bytes: Buffer.from('x'), name: 'a.jsonl' }));
    const noPurpose = await upload(form({ provider: 'together' }, { bytes: Buffer.from('x'), name: 'a.jsonl' }));
    const noFile = await upload(form({ provider: 'together', purpose: 'fine-tune' }));

    expect(noUploads.status).toBe(400);
    expect(((await noUploads.json()) as { error: { message: string } }).error.message).toContain('Providers that do: openai, together');
    expect(noPurpose.status).toBe(400);
    expect(((await noPurpose.json()) as { error: { param: string } }).error.param).toBe('purpose');
    expect(noFile.status).toBe(400);
    expect(fake.requests.length).toBe(0);
  });
});
