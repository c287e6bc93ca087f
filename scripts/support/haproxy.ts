import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const CONFIG = fileURLToPath(new URL('../../../deploy/haproxy.cfg', import.meta.url));

export interface LocalHaproxy {
  url: string;
  close(): Promise<void>;
}

export function haproxyInstalled(): boolean {
  return spawnSync('haproxy', ['-v']).status === 0;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * deploy/haproxy.cfg itself, with only the addresses changed: it listens on a
 * free loopback port and its servers are the local gateway processes.
 */
export async function startLocalHaproxy(backends: string[]): Promise<LocalHaproxy> {
  const port = await freePort();
  let config = readFileSync(CONFIG, 'utf8')
    .replace(/\nresolvers docker\n(?: {4}.*\n)+/, '\n')
    .replace(/ resolvers docker init-addr [^\n]+/, '')
    .replace('bind :8080', `bind 127.0.0.1:${port}`)
    .replace('bind :8404', `bind 127.0.0.1:${await freePort()}`);
  backends.forEach((backend, i) => {
    config = config.replace(
      new RegExp(`server gateway-${i + 1} gateway-${i + 1}:3000`),
      `server gateway-${i + 1} ${new URL(backend).host}`,
    );
  });
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-haproxy-'));
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, config);
  const child: ChildProcess = spawn('haproxy', ['-db', '-f', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  const url = `http://127.0.0.1:${port}`;
  // Ready once both servers passed their first health checks.
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`${url}/health/ready`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) break;
    await sleep(100);
  }
  return {
    url,
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
