import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chat } from '../support/chat.js';
import { startGateway } from '../support/gateway.js';

const PROBE = new URL('../support/loaded-modules-probe.js', import.meta.url).href;

/**
 * Idle memory is a bench figure, not a test; what this guards is the loading
 * that keeps it down (README, Performance): a static import of one of these
 * packages anywhere would bring its code into every gateway again.
 */
describe('a gateway on its embedded defaults', () => {
  it('serves a chat without loading what only a config file, Redis, PostgreSQL or pretty logs need', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-footprint-'));
    const list = join(dir, 'loaded.txt');
    const gateway = await startGateway({ env: { NODE_OPTIONS: `--import ${PROBE}`, SWITCHYARD_TEST_LOADED_MODULES: list } });
    try {
      expect((await chat(gateway, 'mock/echo')).status).toBe(200);
      expect(await gateway.stop()).toBe(0);
      const loaded = readFileSync(list, 'utf8').split('\n');
      const packageLoaded = (fragment: string): boolean => loaded.some((path) => path.includes(fragment));

      // What the upstream pools use is there, so the list is the gateway's own.
      expect(packageLoaded('/node_modules/undici/lib/dispatcher/pool.js')).toBe(true);
      const unwanted = [
        '/node_modules/undici/index.js',
        '/node_modules/yaml/',
        '/node_modules/ioredis/',
        '/node_modules/pg/',
        '/node_modules/pino-pretty/',
      ];
      expect(unwanted.filter(packageLoaded)).toEqual([]);
    } finally {
      await gateway.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
