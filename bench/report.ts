/**
 * @module bench/report
 * The benchmark's verdicts and printed tables: the summary object of `latest.json`, the issue's
 * targets checked against it, and the ratio table.
 */
import type { AuthGetResult, CacheResult, EngineResult, ThroughputResult } from './measure.ts';
import type { RealSummary } from './real.ts';
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
  /** Issue #20: the worst real page × device cell of each per-cell target. */
  real_raw_vs_floor_max: number;
  real_capture_minus_floor_ms_max: number;
  real_capture_p95_over_p50_max: number;
  cache_hit_p99_ms: number;
  auth_get_p50_ms: number;
  auth_get_rps: number;
  /** The best throughput level's `/v1/raw` captures per second on the light page. */
  captures_per_s: number;
  /** Errors and 5xx at 2× the browser slots. */
  errors_at_2x_slots: number;
  /** Frameshot's full page of the tall article ÷ the tiled reference's, p50. */
  real_full_page_vs_reference: number;
}

export interface ExtraSummary extends RealSummary {
  auth: AuthGetResult;
  fullPageVsReference: number;
  /** Browser slots of the API, for the 2× level. */
  slots: number;
}

export function summarize(
  primary: { name: string; size: string; results: PageResults },
  cache: CacheResult,
  allPages: PageResults[],
  levels: ThroughputResult[],
  extraErrors: number,
  extra: ExtraSummary,
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
    real_raw_vs_floor_max: extra.real_raw_vs_floor_max,
    real_capture_minus_floor_ms_max: extra.real_capture_minus_floor_ms_max,
    real_capture_p95_over_p50_max: extra.real_capture_p95_over_p50_max,
    cache_hit_p99_ms: cache.p99,
    auth_get_p50_ms: extra.auth.p50_ms,
    auth_get_rps: extra.auth.rps,
    captures_per_s: round(Math.max(0, ...levels.map((l) => l.captures_per_s))),
    errors_at_2x_slots: levels
      .filter((l) => l.concurrency === 2 * extra.slots)
      .reduce((a, l) => a + l.errors + l.status_5xx, 0),
    real_full_page_vs_reference: extra.fullPageVsReference,
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
    ...webTargets(s),
  ];
}

/** Issue #20, item 1: every real page × device, the hot path, throughput and the full page. */
function webTargets(s: Summary): Target[] {
  return [
    {
      name: 'real pages × devices: /v1/raw p50 ≤ 1.0× the floor',
      met: s.real_raw_vs_floor_max > 0 && s.real_raw_vs_floor_max <= 1,
      detail: `worst cell ${s.real_raw_vs_floor_max}×`,
    },
    {
      name: 'real pages × devices: /v1/capture p50 ≤ floor + 150 ms',
      met: s.real_capture_minus_floor_ms_max <= 150,
      detail: `worst cell +${s.real_capture_minus_floor_ms_max} ms`,
    },
    {
      name: 'real pages × devices: /v1/capture p95 ≤ 1.25× p50',
      met: s.real_capture_p95_over_p50_max > 0 && s.real_capture_p95_over_p50_max <= 1.25,
      detail: `worst cell ${s.real_capture_p95_over_p50_max}×`,
    },
    {
      name: 'cache hit p50 ≤ 10 ms, p99 ≤ 25 ms',
      met: s.cache_hit_p50_ms > 0 && s.cache_hit_p50_ms <= 10 && s.cache_hit_p99_ms <= 25,
      detail: `${ms(s.cache_hit_p50_ms)} / ${ms(s.cache_hit_p99_ms)} ms`,
    },
    {
      name: 'authenticated GET p50 ≤ 8 ms, ≥ 2,000 req/s',
      met: s.auth_get_p50_ms > 0 && s.auth_get_p50_ms <= 8 && s.auth_get_rps >= 2000,
      detail: `${ms(s.auth_get_p50_ms)} ms, ${s.auth_get_rps} req/s`,
    },
    {
      name: '≥ 1.5 captures/s on the light page, 0 errors at 2× the slots',
      met: s.captures_per_s >= 1.5 && s.errors_at_2x_slots === 0,
      detail: `${s.captures_per_s} captures/s, ${s.errors_at_2x_slots} errors at 2× slots`,
    },
    {
      name: 'full page of the tall article ≤ 1.5× a tiled reference',
      met: s.real_full_page_vs_reference > 0 && s.real_full_page_vs_reference <= 1.5,
      detail: `${s.real_full_page_vs_reference}×`,
    },
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
