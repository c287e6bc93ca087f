/** One kind of request in the soak mix, and what a correct answer to it looks like. */
export interface TrafficKind {
  name: string;
  weight: number;
  body: Record<string, unknown>;
  /** Statuses that are a correct answer (an intended failure is still correct). */
  accept: number[];
  /** For streams: the last event must be `data: [DONE]`; `error` means an error event must precede it. */
  stream?: 'complete' | 'error';
}

const messages = [{ role: 'user', content: 'soak test: say something' }];

/** Streaming and not, in-process (mock) and over HTTP (a fake upstream), with failures before and during output. */
export const TRAFFIC: TrafficKind[] = [
  { name: 'mock-json', weight: 30, body: { model: 'mock/echo', messages }, accept: [200] },
  {
    name: 'mock-stream',
    weight: 20,
    body: { model: 'mock/lorem', stream: true, max_tokens: 16, mock: { chunkDelayMs: 2 }, messages },
    accept: [200],
    stream: 'complete',
  },
  { name: 'mock-503', weight: 10, body: { model: 'mock/echo', mock: { status: 503 }, messages }, accept: [502] },
  {
    name: 'mock-stream-breaks',
    weight: 5,
    body: { model: 'mock/lorem', stream: true, max_tokens: 16, mock: { failAfterChunks: 4 }, messages },
    accept: [200],
    stream: 'error',
  },
  // The fake upstream answers 500 to about one in ten of these.
  { name: 'upstream-json', weight: 20, body: { model: 'soak/fake-model', messages }, accept: [200, 502] },
  { name: 'upstream-stream', weight: 15, body: { model: 'soak/fake-model', stream: true, messages }, accept: [200], stream: 'complete' },
];

/** Deterministic PRNG (mulberry32) so two runs send the same mix. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pickKind(random: () => number): TrafficKind {
  const total = TRAFFIC.reduce((sum, kind) => sum + kind.weight, 0);
  let roll = random() * total;
  for (const kind of TRAFFIC) {
    roll -= kind.weight;
    if (roll < 0) return kind;
  }
  return TRAFFIC[0];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Least-squares slope of y over x. */
export function slope(points: Array<[number, number]>): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}
