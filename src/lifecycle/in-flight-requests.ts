import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

export type AbortWork = (reason: Error) => void;

/**
 * HTTP requests this instance is still answering (streams included), and the
 * gateway work that can be ended early when a shutdown deadline passes.
 */
@Injectable()
export class InFlightRequests {
  private open = 0;
  private readonly work = new Set<AbortWork>();
  private readonly changes = new EventEmitter();

  get count(): number {
    return this.open;
  }

  /** Counts a response until its connection side is done (finished, failed or abandoned). */
  track(response: NodeJS.EventEmitter): void {
    this.open++;
    response.once('close', () => {
      this.open--;
      this.changes.emit('change');
    });
  }

  /** Registers work to abort when the deadline passes; call the returned function when it ends. */
  register(abort: AbortWork): () => void {
    this.work.add(abort);
    return () => this.work.delete(abort);
  }

  abortAll(reason: Error): number {
    const aborted = this.work.size;
    for (const abort of this.work) abort(reason);
    this.work.clear();
    return aborted;
  }

  /** Resolves true when nothing is in flight, false when `timeoutMs` passes first. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.open === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.open > 0) return;
        finish(true);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      const finish = (result: boolean): void => {
        clearTimeout(timer);
        this.changes.off('change', check);
        resolve(result);
      };
      this.changes.on('change', check);
    });
  }
}
