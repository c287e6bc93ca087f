import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeUpstream, together, togetherVideos } from '../fake-upstream/index.js';
import { chat, eventually, ledger, micro } from '../support/accounting.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { connect, gql, Recorder, type WsConnection } from '../support/graphql.js';

const PAGE = `query Page($filter: UsageFilter) {
  usage(filter: $filter) { pageInfo { endCursor hasNextPage } edges { cursor node { requestId keyId provider model status costUsd } } }
}`;

interface UsagePage {
  usage: {
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
    edges: Array<{ cursor: string; node: { requestId: string; keyId: string; provider: string; status: number; costUsd: number | null } }>;
  };
}

interface Generation {
  id: string;
  type: string;
  status: string;
  provider: string;
  model: string | null;
  progress: number | null;
  result: { outputs?: Array<{ url: string }> } | null;
  costUsd: number | null;
}

const GENERATION_FIELDS = 'id type status provider model progress result costUsd';

describe('GraphQL over accounting and generations', () => {
  let fake: FakeUpstream;
  let gateway: TestGateway;
  const sockets: WsConnection[] = [];

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    gateway = await startGateway({
      env: {
        TOGETHER_API_KEY: 'tg-test',
        TOGETHER_BASE_URL: `${fake.url}/together/v1`,
        SWITCHYARD_GENERATION_POLL_MS: '20',
        SWITCHYARD_GENERATION_POLL_MAX_MS: '40',
      },
      yaml: ['prices:', '  mock/echo: { input: 1, output: 1 }', ''].join('\n'),
    });
  });

  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.close()));
    fake.reset();
  });

  afterAll(async () => {
    await gateway?.close();
    await fake?.close();
  });

  it('createApiKey opens the balance on the ledger, as POST /admin/keys does', async () => {
    const res = await gql<{ createApiKey: { id: string; balanceUsd: number } }>(
      gateway,
      'mutation { createApiKey(input: { name: "gql-credits", creditsUsd: 2.5 }) { id balanceUsd } }',
    );

    expect(res.errors).toBeUndefined();
    const id = res.data?.createApiKey.id as string;
    expect(res.data?.createApiKey.balanceUsd).toBe(2.5);
    expect((await ledger(gateway, id)).map((entry) => [entry.kind, micro(entry.amountUsd), entry.note])).toEqual([
      ['credit', 2_500_000, 'opening balance'],
    ]);
  });

  it('addCredits moves the balance through the ledger and refuses what REST refuses', async () => {
    const { id } = await gateway.mintKey({ creditsUsd: 1 });
    const add = (amount: string): ReturnType<typeof gql<{ addCredits: { balanceUsd: number } }>> =>
      gql(gateway, `mutation { addCredits(keyId: "${id}", amountUsd: ${amount}) { balanceUsd } }`);

    expect((await add('2.25')).data?.addCredits.balanceUsd).toBe(3.25);
    expect((await add('-0.25')).data?.addCredits.balanceUsd).toBe(3);
    expect((await ledger(gateway, id)).map((entry) => micro(entry.amountUsd))).toEqual([1_000_000, 2_250_000, -250_000]);
    expect((await add('0.0000001')).errors?.[0].extensions).toMatchObject({ code: 'invalid_request' });
    expect((await add('-10')).errors?.[0].extensions).toMatchObject({ code: 'invalid_request' });
    const { id: unlimited } = await gateway.mintKey();
    const refused = await gql(gateway, `mutation { addCredits(keyId: "${unlimited}", amountUsd: 1) { balanceUsd } }`);
    expect(refused.errors?.[0].extensions?.code).toBe('invalid_request');
  });

  it('usage pages through the request log with cursors, and usageSummary adds it up', async () => {
    const { key, id } = await gateway.mintKey();
    for (let i = 0; i < 3; i++) expect((await chat(gateway, key, { model: 'mock/echo' })).status).toBe(200);

    const first = await eventually(async () => {
      const page = await gql<UsagePage>(gateway, PAGE, { filter: { keyId: id, first: 2 } });
      expect(page.errors).toBeUndefined();
      expect(page.data?.usage.edges).toHaveLength(2);
      return page.data?.usage as UsagePage['usage'];
    });
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.edges[0].node).toMatchObject({ keyId: id, provider: 'mock', model: 'echo', status: 200 });
    expect(first.edges[0].node.costUsd).toBeGreaterThan(0);
    const second = await gql<UsagePage>(gateway, PAGE, { filter: { keyId: id, first: 2, after: first.pageInfo.endCursor } });
    expect(second.data?.usage.edges).toHaveLength(1);
    expect(second.data?.usage.pageInfo.hasNextPage).toBe(false);
    const ids = [...first.edges, ...(second.data?.usage.edges ?? [])].map((edge) => edge.node.requestId);
    expect(new Set(ids).size).toBe(3);
    const bad = await gql(gateway, PAGE, { filter: { after: 'not-a-cursor' } });
    expect(bad.errors?.[0].extensions?.code).toBe('invalid_request');

    const summary = await gql<{ usageSummary: Array<{ group: string; requests: number; costUsd: number }> }>(
      gateway,
      '{ usageSummary(groupBy: KEY) { group requests errors promptTokens completionTokens costUsd } }',
    );
    expect(summary.errors).toBeUndefined();
    const mine = summary.data?.usageSummary.find((row) => row.group === id);
    expect(mine?.requests).toBe(3);
    expect(mine?.costUsd).toBeGreaterThan(0);
    const byProvider = await gql<{ usageSummary: Array<{ group: string; requests: number }> }>(
      gateway,
      '{ usageSummary(groupBy: PROVIDER) { group requests } }',
    );
    expect(byProvider.data?.usageSummary.find((row) => row.group === 'mock')?.requests).toBeGreaterThanOrEqual(3);
  });

  it('generate answers an image generation in the request, billed per image, and generation(id) reads it back', async () => {
    const { key } = await gateway.mintKey();
    fake.script('POST', '/together/v1/images/generations', together.images({ count: 1 }));

    const res = await gql<{ generate: Generation }>(
      gateway,
      `mutation Gen($config: JSON!) { generate(input: { type: IMAGE, model: "together/black-forest-labs/FLUX.1-schnell", config: $config }) { ${GENERATION_FIELDS} } }`,
      { config: { prompt: 'a fox', response_format: 'b64_json' } },
      key,
    );

    expect(res.errors).toBeUndefined();
    const generated = res.data?.generate as Generation;
    expect(generated).toMatchObject({ type: 'IMAGE', status: 'SUCCEEDED', provider: 'together', progress: 1, costUsd: 0.0027 });
    expect(generated.result?.outputs?.[0]?.url).toBe(`/api/v2/generations/${generated.id}/content/0`);
    const read = await gql<{ generation: Generation }>(
      gateway,
      `{ generation(id: "${generated.id}") { ${GENERATION_FIELDS} } }`,
      undefined,
      key,
    );
    expect(read.data?.generation).toEqual(generated);
    const other = await gql(gateway, `{ generation(id: "${generated.id}") { id } }`, undefined, (await gateway.mintKey()).key);
    expect(other.errors?.[0].extensions?.code).toBe('not_found');
  });

  it('generationUpdates follows an async video job until it succeeds', async () => {
    const { key } = await gateway.mintKey();
    let finished = false;
    fake.script('POST', '/together/v2/videos', togetherVideos.inProgress({ id: 'gql-video' }));
    fake.route('GET', '/together/v2/videos/gql-video', () =>
      finished ? togetherVideos.completed({ id: 'gql-video', cost: 0.3 }) : togetherVideos.inProgress({ id: 'gql-video' }),
    );
    const started = await gql<{ generate: Generation }>(
      gateway,
      `mutation { generate(input: { type: VIDEO, provider: "together-video", config: { prompt: "rain", seconds: "3" } }) { ${GENERATION_FIELDS} } }`,
      undefined,
      key,
    );
    expect(started.errors).toBeUndefined();
    const id = started.data?.generate.id as string;
    expect(started.data?.generate).toMatchObject({ type: 'VIDEO', status: 'RUNNING', provider: 'together-video' });

    const socket = connect(gateway, key);
    sockets.push(socket);
    const updates = new Recorder(socket.client, `subscription { generationUpdates(id: "${id}") { id status progress costUsd } }`);
    await updates.waitFor(() => updates.results.length >= 1, 'the current state');
    expect(updates.values<Generation>('generationUpdates')[0]).toMatchObject({ id, status: 'RUNNING' });
    finished = true;

    await updates.finished();
    expect(updates.error).toBeUndefined();
    expect(updates.values<Generation>('generationUpdates').at(-1)).toMatchObject({ id, status: 'SUCCEEDED', progress: 1, costUsd: 0.3 });
  });

  it("generationUpdates refuses a job that is not the key's as not_found", async () => {
    const socket = connect(gateway, (await gateway.mintKey()).key);
    sockets.push(socket);
    const updates = new Recorder(socket.client, 'subscription { generationUpdates(id: "gen_missing") { id } }');
    await updates.finished();
    expect(updates.results[0].errors?.[0].extensions).toMatchObject({ code: 'not_found' });
  });

  it("holds GraphQL operations to the key's rpm, on the same counter as REST", async () => {
    const { key } = await gateway.mintKey({ rpm: 2 });

    expect((await chat(gateway, key, { model: 'mock/echo' })).status).toBe(200);
    expect((await gql(gateway, '{ me { kind } }', undefined, key)).errors).toBeUndefined();
    const limited = await gql(gateway, '{ me { kind } }', undefined, key);

    expect(limited.errors?.[0].extensions).toMatchObject({ code: 'rate_limited' });
    expect((await chat(gateway, key, { model: 'mock/echo' })).status).toBe(429);
  });
});
