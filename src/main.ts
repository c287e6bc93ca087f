import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { ConfigError } from './config/config-error.js';
import { loadConfig } from './config/load-config.js';
import { createApp } from './create-app.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const { port } = app.getHttpServer().address() as AddressInfo;
  const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
  // Printed on stdout whatever the log level: operators and the test harness read the port from it.
  console.log(`Switchyard listening on http://${shown}:${port} (OpenAI-compatible API at /v1, docs at /docs)`);
}

main().catch((error: unknown) => {
  // A configuration problem is one line naming the variable; anything else keeps its stack.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
