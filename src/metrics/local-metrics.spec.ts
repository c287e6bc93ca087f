import { Counter, Histogram, Registry } from 'prom-client';
import { LocalCounter, LocalHistogram } from './local-metrics.js';

const BUCKETS = [0.001, 0.01, 0.1, 1];

describe('local metrics', () => {
  it('are scraped exactly as the prom-client metrics they replace', async () => {
    const theirs = new Registry();
    const ours = new Registry();
    const spec = { name: 'demo_total', help: 'Demo counter', labelNames: ['provider', 'kind'] };
    const histogramSpec = { name: 'demo_seconds', help: 'Demo "latency"\nin seconds', labelNames: ['provider'], buckets: BUCKETS };
    const counter = new Counter({ ...spec, registers: [theirs] });
    const histogram = new Histogram({ ...histogramSpec, registers: [theirs] });
    const localCounter = new LocalCounter(spec, ours);
    const localHistogram = new LocalHistogram(histogramSpec, ours);

    const incs: Array<[string, string, number]> = [
      ['openai', 'prompt', 12],
      ['openai', 'completion', 0],
      ['together', 'prompt', 3.5],
      ['openai', 'prompt', 1],
      ['odd "quoted"\\name', 'prompt', 2],
    ];
    for (const [provider, kind, by] of incs) {
      counter.inc({ provider, kind }, by);
      localCounter.inc([provider, kind], by);
    }
    for (const [provider, seconds] of [
      ['openai', 0.0005],
      ['openai', 0.001],
      ['openai', 0.05],
      ['together', 3],
      ['openai', 1],
    ] as const) {
      histogram.observe({ provider }, seconds);
      localHistogram.observe([provider], seconds);
    }

    expect(await ours.metrics()).toBe(await theirs.metrics());
  });

  it('ignores increments a counter cannot take, and refuses a wrong number of label values', async () => {
    const registry = new Registry();
    const counter = new LocalCounter({ name: 'c_total', help: 'c', labelNames: ['a'] }, registry);
    counter.inc(['x'], 2);
    counter.inc(['x'], -1);
    counter.inc(['x'], Number.NaN);
    counter.inc(['x'], Infinity);
    expect(await registry.metrics()).toContain('c_total{a="x"} 2\n');
    expect(() => counter.inc(['x', 'y'])).toThrow('c_total takes 1 label values, got 2');
  });

  it('starts again from zero when the registry is reset', async () => {
    const registry = new Registry();
    const histogram = new LocalHistogram({ name: 'h_seconds', help: 'h', labelNames: [], buckets: BUCKETS }, registry);
    histogram.observe([], 0.5);
    registry.resetMetrics();
    histogram.observe([], 0.002);
    const text = await registry.metrics();
    expect(text).toContain('h_seconds_bucket{le="0.01"} 1\n');
    expect(text).toContain('h_seconds_count 1\n');
    expect(text).toContain('h_seconds_sum 0.002\n');
  });
});
