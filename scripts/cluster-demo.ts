// `npm run cluster:demo [-- --haproxy]`: the docker-compose topology (two
// gateways behind a load balancer on PostgreSQL and Redis) as local processes.
// The balancer is a small round-robin proxy, or with --haproxy the system's
// haproxy running deploy/haproxy.cfg. Bounded: it stops by itself and cleans
// up (database dropped, Redis keys removed).
import { randomBytes } from 'node:crypto';
import { metricValue, parseMetrics } from '../test/support/metrics.js';
import type { TestGateway } from '../test/support/gateway.js';
import { startCluster, type Cluster } from './support/cluster.js';
import { haproxyInstalled, startLocalHaproxy } from './support/haproxy.js';
import { startRoundRobinProxy } from './support/round-robin-proxy.js';

const DEADLINE_MS = 120_000;
const REQUESTS = 24;

const log = (line = ''): void => console.log(line);

async function scrape(gateway: TestGateway): Promise<ReturnType<typeof parseMetrics>> {
  return parseMetrics(await (await gateway.request('/metrics', { key: null })).text());
}

interface Balancer {
  url: string;
  close(): Promise<void>;
}

const useHaproxy = process.argv.includes('--haproxy');

/** Traffic through the balancer while gateway-1 drains: haproxy takes it out and retries elsewhere. */
async function drainUnderTraffic(balancer: string, key: string, cluster: Cluster): Promise<void> {
  const [first] = cluster.gateways;
  let stop = false;
  const statuses = new Map<string, number>();
  const client = async (): Promise<void> => {
    while (!stop) {
      const status = await fetch(`${balancer}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'mock/lorem',
          stream: true,
          max_tokens: 8,
          mock: { chunkDelayMs: 20 },
          messages: [{ role: 'user', content: 'x' }],
        }),
      }).then(
        async (res) => ((await res.text()).trimEnd().endsWith('data: [DONE]') ? String(res.status) : `${res.status} cut`),
        () => 'network error',
      );
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  const clients = Array.from({ length: 8 }, client);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const code = await first.stop('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  stop = true;
  await Promise.all(clients);
  log(`  gateway-1 exited ${code}; answers through the balancer meanwhile: ${[...statuses].map(([s, n]) => `${n}× ${s}`).join(', ')}`);
}

async function main(): Promise<void> {
  if (useHaproxy && !haproxyInstalled()) throw new Error('--haproxy needs the haproxy binary on PATH');
  const prefix = `sy-demo-${randomBytes(4).toString('hex')}:`;
  log(`Starting two gateways on a fresh PostgreSQL database and Redis 127.0.0.1:6379 (key prefix ${prefix}) ...`);
  const cluster: Cluster = await startCluster(2, prefix, {
    LOG_LEVEL: 'info',
    SWITCHYARD_HEALTH_PROBE_INTERVAL_MS: '500',
    SWITCHYARD_HEALTH_PROBE_JITTER_MS: '100',
  });
  let proxy: Balancer | undefined;
  try {
    const [a, b] = cluster.gateways;
    proxy = useHaproxy ? await startLocalHaproxy([a.url, b.url]) : await startRoundRobinProxy([a.url, b.url]);
    log(`  gateway-1  ${a.url}`);
    log(`  gateway-2  ${b.url}`);
    log(`  balancer   ${proxy.url} (${useHaproxy ? 'haproxy with deploy/haproxy.cfg' : 'round robin; --haproxy runs deploy/haproxy.cfg'})`);
    log(`  database   ${cluster.database.url}`);

    const { key } = await a.mintKey({ name: 'cluster-demo' });
    log();
    log(`Minted a client key on gateway-1 (stored in PostgreSQL, so gateway-2 accepts it too).`);
    log(`Sending ${REQUESTS} chat requests through the balancer (every third one streams) ...`);
    const statuses = new Map<number, number>();
    await Promise.all(
      Array.from({ length: REQUESTS }, async (_, i) => {
        const res = await fetch(`${proxy?.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            model: i % 2 ? 'mock/echo' : 'mock/lorem',
            stream: i % 3 === 0,
            messages: [{ role: 'user', content: `hello ${i}` }],
          }),
        });
        await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }),
    );
    log(`  statuses: ${[...statuses].map(([status, n]) => `${n}× ${status}`).join(', ')}`);
    for (const [i, gateway] of cluster.gateways.entries()) {
      const samples = await scrape(gateway);
      const served = metricValue(samples, 'switchyard_requests_total');
      const streams = metricValue(samples, 'switchyard_requests_total', { streamed: 'true' });
      log(`  gateway-${i + 1} served ${served} (${streams} streamed)`);
    }

    log();
    log('Model lists: gateway-1 fetches, gateway-2 reads the shared copy from Redis ...');
    await a.request('/v1/models', { key });
    await b.request('/v1/models', { key });
    for (const [i, gateway] of cluster.gateways.entries()) {
      const samples = await scrape(gateway);
      const results = ['miss', 'shared', 'hit'].map(
        (result) => `${result}=${metricValue(samples, 'switchyard_model_list_cache_total', { provider: 'mock', result })}`,
      );
      log(`  gateway-${i + 1} model-list cache (mock): ${results.join(' ')}`);
    }

    log();
    log('Health (probes run on one instance at a time; both apply the results) ...');
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    for (const [i, gateway] of cluster.gateways.entries()) {
      const ready = await gateway.request('/health/ready', { key: null });
      const body = (await ready.json()) as { status: string; details: Record<string, { status: string }> };
      const parts = Object.entries(body.details).map(([name, detail]) => `${name}=${detail.status}`);
      const providers = (await (await gateway.request('/api/v2/providers/health', { key })).json()) as {
        providers: Array<{ provider: string; status: string; lastCheck: { by: string } | null }>;
      };
      const mock = providers.providers.find((p) => p.provider === 'mock');
      log(
        `  gateway-${i + 1} /health/ready ${ready.status} ${body.status} (${parts.join(', ')}); mock ${mock?.status}, last probed by ${mock?.lastCheck?.by}`,
      );
    }

    if (useHaproxy) {
      log();
      log('Rolling restart: SIGTERM to gateway-1 while 8 clients stream through haproxy ...');
      await drainUnderTraffic(proxy.url, key, cluster);
    }

    log();
    const running = cluster.gateways.findIndex((gateway) => gateway.process.exitCode === null);
    log(`Graceful shutdown: SIGTERM to every instance while a slow stream runs on gateway-${running + 1} ...`);
    const streamed = cluster.gateways[running]
      .request('/v1/chat/completions', {
        method: 'POST',
        key,
        json: {
          model: 'mock/lorem',
          stream: true,
          max_tokens: 20,
          mock: { chunkDelayMs: 50 },
          messages: [{ role: 'user', content: 'slow' }],
        },
      })
      .then(
        (res) => res.text(),
        (error: unknown) => `failed: ${(error as Error).message}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const codes = await cluster.stop();
    const text = await streamed;
    log(
      `  the stream ${text.trimEnd().endsWith('data: [DONE]') ? 'finished with data: [DONE]' : 'was cut'}; exit codes: ${codes.join(', ')}`,
    );
    for (const [i, gateway] of cluster.gateways.entries()) {
      const drained = gateway
        .output()
        .split('\n')
        .filter((line) => line.includes('GracefulShutdownService'));
      for (const line of drained) log(`  gateway-${i + 1}: ${(JSON.parse(line) as { msg: string }).msg}`);
    }
  } finally {
    await proxy?.close();
    await cluster.cleanUp();
  }
  log();
  log('Done: database dropped, Redis keys removed.');
}

const deadline = setTimeout(() => {
  console.error(`cluster demo: still running after ${DEADLINE_MS} ms; giving up`);
  process.exit(1);
}, DEADLINE_MS);
deadline.unref();

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('cluster demo failed:', error);
    process.exit(1);
  },
);
