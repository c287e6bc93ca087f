import { spawn, type ChildProcess } from 'node:child_process';

const START_TIMEOUT_MS = 30_000;

export interface NodeChild {
  process: ChildProcess;
  /** The first capture group of the ready pattern (e.g. the URL it listens on). */
  ready: string;
  /** Everything written to stdout and stderr so far, for error messages. */
  output(): string;
  /** The signal (SIGTERM by default), then SIGKILL after a grace period; resolves when the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `node <args>` and waits for a stdout line matching `ready`. */
export async function startNode(args: string[], options: { env: Record<string, string>; cwd: string; ready: RegExp }): Promise<NodeChild> {
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (part: Buffer) => (log += part.toString()));
  child.stderr.on('data', (part: Buffer) => (log += part.toString()));
  const output = (): string => log;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
  };
  try {
    const ready = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${args.join(' ')} did not start in ${START_TIMEOUT_MS} ms:\n${log}`)),
        START_TIMEOUT_MS,
      );
      const onData = (): void => {
        const match = options.ready.exec(log);
        if (!match) return;
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(match[1]);
      };
      child.stdout.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${args.join(' ')} exited with ${code} before it was ready:\n${log}`));
      });
    });
    return { process: child, ready, output, stop };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}
