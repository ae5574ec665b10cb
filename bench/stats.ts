/**
 * @module bench/stats
 * Latency summaries (nearest-rank percentiles over the measured runs) and the table printer.
 */

export interface Summary {
  runs: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of unsorted samples (0 when there are none). */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function median(samples: number[]): number {
  if (samples.length === 0) return 0;
  const s = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function summarize(samples: number[]): Summary {
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    runs: samples.length,
    p50: round(median(samples)),
    p95: round(percentile(samples, 95)),
    min: round(samples.length ? Math.min(...samples) : 0),
    max: round(samples.length ? Math.max(...samples) : 0),
    mean: round(samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : 0),
  };
}

/** `a / b` as "1.23×" (or "n/a"). */
export const ratio = (a: number, b: number) => (a > 0 && b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

/** A plain-text table: the first column left-aligned, the others right-aligned. */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
