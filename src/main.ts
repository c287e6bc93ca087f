import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { ConfigError } from './config/config-error.js';
import { holdYoungGenerationForStartUp, settleHeapForServing } from './heap-settings.js';

// Before the application's modules load: they are imported in main(), not at the top (config-error has no imports).
holdYoungGenerationForStartUp();

async function main(): Promise<void> {
  const { loadConfig } = await import('./config/load-config.js');
  const { createApp } = await import('./create-app.js');
  const config = loadConfig();
  const app = await createApp(config);
  await app.init();
  settleHeapForServing();
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
