// Preloaded into the gateway by `npm run bench -- --cpu-prof`: Nest's shutdown
// hook ends the process by re-raising the signal, which skips writing the CPU
// profile; a plain exit on SIGUSR2 writes it.
process.on('SIGUSR2', () => process.exit(0));
