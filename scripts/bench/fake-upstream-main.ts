import type { AddressInfo } from 'node:net';
import { createFakeUpstream } from './fake-upstream.js';

// Its own process, so the upstream never competes with the load generator for one event loop.
const server = createFakeUpstream();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`Fake upstream listening on http://127.0.0.1:${port}`);
});
process.on('SIGTERM', () => process.exit(0));
