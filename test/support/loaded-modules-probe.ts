import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Preloaded into a test gateway (NODE_OPTIONS=--import): when the process
 * exits, it writes the path of every CommonJS module the gateway loaded, one
 * per line, to the file SWITCHYARD_TEST_LOADED_MODULES names.
 */
const out = process.env.SWITCHYARD_TEST_LOADED_MODULES;
const cache = createRequire(import.meta.url).cache;
if (out) process.on('exit', () => writeFileSync(out, Object.keys(cache).join('\n')));
