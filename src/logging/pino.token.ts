/** Injection token of the process's pino logger. */
export const PINO = Symbol('PINO');
