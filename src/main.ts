import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError } from './config/config-error.js';
import { loadConfig } from './config/load-config.js';
import { createApp } from './create-app.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
  new Logger('Switchyard').log(
    `Listening on http://${shown}:${config.port} — OpenAI-compatible API at /v1, docs at /docs, database ${config.databaseUrl.split('@').pop()}`,
  );
}

main().catch((error: unknown) => {
  // A configuration problem is one line naming the variable; anything else keeps its stack.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
