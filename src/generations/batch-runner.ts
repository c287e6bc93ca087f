export type BatchOutcome<T> =
  | { index: number; status: 'fulfilled'; value: T }
  | { index: number; status: 'rejected'; error: unknown }
  /** Not started because an earlier item failed and the batch stops on errors. */
  | { index: number; status: 'skipped' };

/**
 * Runs items with at most `concurrency` in flight and returns one outcome per
 * item in input order. A failure is isolated to its item; with
 * `continueOnError` false no further item starts after one fails (those
 * already running finish).
 */
export async function runBatch<I, T>(
  items: readonly I[],
  concurrency: number,
  continueOnError: boolean,
  run: (item: I, index: number) => Promise<T>,
): Promise<Array<BatchOutcome<T>>> {
  const outcomes: Array<BatchOutcome<T> | undefined> = new Array(items.length).fill(undefined);
  let next = 0;
  let stopped = false;
  const worker = async (): Promise<void> => {
    while (!stopped && next < items.length) {
      const index = next++;
      try {
        outcomes[index] = { index, status: 'fulfilled', value: await run(items[index] as I, index) };
      } catch (error) {
        outcomes[index] = { index, status: 'rejected', error };
        if (!continueOnError) stopped = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return outcomes.map((outcome, index) => outcome ?? { index, status: 'skipped' });
}
