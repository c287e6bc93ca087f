import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdminApi } from './admin-api.js';
import { benchConfigYaml } from './bench-config.js';
import { startNode, type NodeChild } from './child.js';

const MAIN = fileURLToPath(new URL('../../src/main.js', import.meta.url));
const PROFILE_EXIT = new URL('./exit-on-sigusr2.js', import.meta.url).href;

export interface BenchGateway {
  url: string;
  pid: number;
  /** A minted client key (`sy_live_…`), unlimited, so authentication runs on every request. */
  clientKey: string;
  admin: AdminApi;
  output(): string;
  /** SIGKILL at once (for exit handlers, which cannot wait). */
  kill(): void;
  /** Stops the process and removes its data directory. */
  close(): Promise<void>;
}

/**
 * Runs the built gateway (`node dist/src/main.js`) as a production process in
 * front of the fake upstream: SQLite in a temp directory, the `openai`
 * provider pointed at the fake, the routes and prices of bench-config.ts,
 * quiet logs.
 */
export interface GatewayLaunch {
  /** The gateway's entry file; another build's main.js compares two versions on one machine. */
  main?: string;
  /** Write a V8 CPU profile (.cpuprofile) here when the gateway stops. */
  profileDir?: string;
}

export async function startBenchGateway(upstreamUrl: string, launch: GatewayLaunch = {}): Promise<BenchGateway> {
  const { main = MAIN, profileDir } = launch;
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
  const adminKey = `sy_admin_bench_${randomBytes(12).toString('hex')}`;
  const configFile = join(dataDir, 'switchyard.yaml');
  writeFileSync(configFile, benchConfigYaml(upstreamUrl));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: '0',
    SWITCHYARD_DATA_DIR: dataDir,
    DATABASE_URL: `sqlite:${join(dataDir, 'bench.sqlite')}`,
    SWITCHYARD_ADMIN_KEY: adminKey,
    SWITCHYARD_CONFIG: configFile,
    OPENAI_API_KEY: 'bench',
    OPENAI_BASE_URL: `${upstreamUrl}/v1`,
  };
  let child: NodeChild | undefined;
  try {
    // cwd is the temp dir, so no developer .env or switchyard.yaml leaks into the measurement.
    const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--import', PROFILE_EXIT] : [];
    child = await startNode([...profile, main], { env, cwd: dataDir, ready: /Switchyard listening on (http:\/\/[\w.:[\]-]+)/ });
    const url = child.ready;
    const admin = new AdminApi(url, adminKey);
    const { key: clientKey } = await admin.mintKey('bench');
    const running = child;
    return {
      url,
      pid: running.process.pid as number,
      clientKey,
      admin,
      output: running.output,
      kill: () => void running.process.kill('SIGKILL'),
      async close() {
        await running.stop(profileDir ? 'SIGUSR2' : 'SIGTERM');
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await child?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
