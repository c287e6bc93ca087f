/** One upstream try, as reported in `x-switchyard-attempts` and `error.attempts`. */
export interface AttemptRecord {
  provider: string;
  model: string;
  keyAlias?: string;
  status: number | null;
  code: string | null;
  latencyMs: number;
  /** Why the gateway moved on (or `ok`). */
  outcome: string;
}
