/** How the gateway column compares with the direct one; `ratio` is gateway ÷ direct (GraphQL against REST). */
export type Comparison = 'added' | 'share' | 'ratio' | 'none';

export interface Target {
  text: string;
  met: boolean;
}

/** One line of the results table. */
export interface ReportRow {
  scenario: string;
  metric: string;
  unit: 'req/s' | 'ms' | 'MiB' | 'USD';
  direct?: number;
  gateway: number;
  comparison: Comparison;
  /**
   * What the direct column holds when it is not the upstream called directly:
   * the gateway in a baseline situation (e.g. "first-target success"), which
   * the comparison then names; GraphQL rows compare with `REST` or `SSE`.
   */
  baseline?: string;
  target?: Target;
}

export function fmt(value: number, unit: ReportRow['unit']): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === 'req/s') return Math.round(value).toLocaleString('en-US');
  if (unit === 'MiB') return value.toFixed(1);
  if (unit === 'USD') return value.toFixed(6);
  return value.toFixed(3);
}

function compared(row: ReportRow): string {
  if (row.direct === undefined || row.comparison === 'none') return '—';
  const baseline = row.baseline ?? 'direct';
  if (row.comparison === 'share') return `${((row.gateway / row.direct) * 100).toFixed(1)}% of ${baseline}`;
  if (row.comparison === 'ratio') return `${(row.gateway / row.direct).toFixed(2)}× ${baseline}`;
  const added = row.gateway - row.direct;
  return `${added >= 0 ? '+' : '−'}${fmt(Math.abs(added), row.unit)}${row.baseline ? ` vs ${row.baseline}` : ''}`;
}

/** Added latency is the gateway figure minus the direct one. */
export function atMostAdded(limitMs: number, gateway: number, direct: number): Target {
  return { text: `≤ +${limitMs} ms`, met: gateway - direct <= limitMs };
}

export function atMostRatio(ratio: number, gateway: number, baseline: number, label: string): Target {
  return { text: `≤ ${ratio}× ${label}`, met: gateway <= baseline * ratio };
}

export function atLeastShare(share: number, gateway: number, direct: number): Target {
  return { text: `≥ ${share * 100}% of direct`, met: gateway >= direct * share };
}

export function below(limit: number, value: number, unit: ReportRow['unit']): Target {
  return { text: `< ${limit} ${unit}`, met: value < limit };
}

/** The results as a markdown table, one row per metric. */
export function markdownTable(rows: ReportRow[]): string {
  // The reference rows put the bare proxy in the gateway's column; baseline rows put another gateway situation in the direct one.
  const lines = ['| scenario | metric | direct | gateway | difference | target | met |', '|---|---|--:|--:|--:|---|:-:|'];
  let previous = '';
  for (const row of rows) {
    const scenario = row.scenario === previous ? '' : row.scenario;
    previous = row.scenario;
    const direct = row.direct === undefined ? '—' : fmt(row.direct, row.unit);
    const target = row.target?.text ?? '';
    const met = row.target ? (row.target.met ? 'yes' : '**no**') : '';
    lines.push(
      `| ${scenario} | ${row.metric} (${row.unit}) | ${direct} | ${fmt(row.gateway, row.unit)} | ${compared(row)} | ${target} | ${met} |`,
    );
  }
  return lines.join('\n');
}
