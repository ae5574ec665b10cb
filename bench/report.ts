/**
 * @module bench/report
 * The benchmark's verdicts and printed tables: the summary object of `latest.json`, the issue's
 * targets checked against it, and the ratio table.
 */
import type { CacheResult, EngineResult, ThroughputResult } from './measure.ts';
import { ms, ratio, table } from './stats.ts';

export type PageResults = Record<string, EngineResult>;

export interface Summary {
  page: string;
  size: string;
  raw_p50_ms: number;
  capture_p50_ms: number;
  floor_p50_ms: number;
  capture_website_p50_ms: number;
  capture_website_warm_p50_ms: number;
  browserless_p50_ms: number;
  cache_hit_p50_ms: number;
  raw_vs_floor: number;
  capture_minus_floor_ms: number;
  /** Failed requests or shots anywhere in the run (every engine, every phase). */
  errors: number;
  /** Frameshot answers ≥ 500 (or no answer) anywhere in the run. */
  server_5xx: number;
}

export function summarize(
  primary: { name: string; size: string; results: PageResults },
  cache: CacheResult,
  allPages: PageResults[],
  levels: ThroughputResult[],
  extraErrors: number,
): Summary {
  const p50 = (id: string) => primary.results[id]?.p50 ?? 0;
  const engineErrors = allPages.flatMap((p) => Object.values(p)).reduce((a, r) => a + r.errors, 0);
  const levelErrors = levels.reduce((a, l) => a + l.errors, 0);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    page: primary.name,
    size: primary.size,
    raw_p50_ms: p50('frameshot_raw'),
    capture_p50_ms: p50('frameshot_capture'),
    floor_p50_ms: p50('floor'),
    capture_website_p50_ms: p50('capture_website'),
    capture_website_warm_p50_ms: p50('capture_website_warm'),
    browserless_p50_ms: p50('browserless'),
    cache_hit_p50_ms: cache.p50,
    raw_vs_floor: round(p50('frameshot_raw') / (p50('floor') || 1)),
    capture_minus_floor_ms: Math.round(p50('frameshot_capture') - p50('floor')),
    errors: engineErrors + levelErrors + cache.errors + cache.misses + extraErrors,
    server_5xx: levels.reduce((a, l) => a + l.status_5xx, 0),
  };
}

export interface Target {
  name: string;
  met: boolean;
  detail: string;
}

/** The targets (#9 §5), on the primary page. */
export function targets(s: Summary): Target[] {
  const peers = [
    ['capture-website', s.capture_website_p50_ms],
    ['browserless', s.browserless_p50_ms],
  ] as const;
  return [
    {
      name: '/v1/raw p50 within 1.25× of the floor',
      met: s.raw_p50_ms <= 1.25 * s.floor_p50_ms,
      detail: `${ms(s.raw_p50_ms)} ms vs ${ms(s.floor_p50_ms)} ms (${ratio(s.raw_p50_ms, s.floor_p50_ms)})`,
    },
    {
      name: '/v1/capture p50 within floor + 250 ms',
      met: s.capture_p50_ms <= s.floor_p50_ms + 250,
      detail: `${ms(s.capture_p50_ms)} ms vs ${ms(s.floor_p50_ms + 250)} ms`,
    },
    ...peers.map(([peer, p50]) => ({
      name: `/v1/raw and /v1/capture faster than ${peer}`,
      met: p50 > 0 && s.raw_p50_ms < p50 && s.capture_p50_ms < p50,
      detail: `${ms(s.raw_p50_ms)} / ${ms(s.capture_p50_ms)} ms vs ${ms(p50)} ms`,
    })),
    {
      name: 'cache hit p50 under 20 ms',
      met: s.cache_hit_p50_ms > 0 && s.cache_hit_p50_ms < 20,
      detail: `${ms(s.cache_hit_p50_ms)} ms`,
    },
    { name: 'no 5xx at any concurrency', met: s.server_5xx === 0, detail: `${s.server_5xx} answers ≥ 500` },
  ];
}

/** One page's engines with their ratios against Frameshot's two routes. */
export function pageTable(results: PageResults): string {
  const raw = results.frameshot_raw?.p50 ?? 0;
  const cap = results.frameshot_capture?.p50 ?? 0;
  const rows = Object.values(results).map((r) => [
    r.label,
    ms(r.p50),
    ms(r.p95),
    ms(r.min),
    String(r.runs),
    String(r.errors),
    r.size ? `${r.size.width}×${r.size.height}` : '—',
    ratio(raw, r.p50),
    ratio(cap, r.p50),
  ]);
  return table(
    ['engine', 'p50 ms', 'p95 ms', 'min ms', 'runs', 'errors', 'image', 'raw/it', 'capture/it'],
    rows,
  );
}

export function throughputTable(levels: ThroughputResult[]): string {
  return table(
    ['concurrency', 'captures/s', 'p50 ms', 'p95 ms', 'requests', 'errors', '5xx'],
    levels.map((l) => [
      String(l.concurrency),
      l.captures_per_s.toFixed(2),
      String(l.p50_ms),
      String(l.p95_ms),
      String(l.requests),
      String(l.errors),
      String(l.status_5xx),
    ]),
  );
}

export function targetTable(list: Target[]): string {
  return table(
    ['target', 'met', 'measured'],
    list.map((t) => [t.name, t.met ? 'yes' : 'NO', t.detail]),
  );
}
