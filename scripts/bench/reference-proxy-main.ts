import type { AddressInfo } from 'node:net';
import { createReferenceProxy } from './reference-proxy.js';

// Its own process, like the gateway it stands in for. The upstream's origin comes as the only argument.
const upstream = process.argv[2];
if (!upstream) throw new Error('usage: reference-proxy-main <upstream origin>');
const server = createReferenceProxy(upstream);
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`Reference proxy listening on http://127.0.0.1:${port}`);
});
process.on('SIGTERM', () => process.exit(0));
