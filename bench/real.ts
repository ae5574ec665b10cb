/**
 * @module bench/real
 * "A bench that looks like the web" (issue #20, item 1): the pages of `bench/fixtures/real/`
 * (served with CDN headers and latency) × every device preset and no device, Frameshot's
 * `/v1/raw` and `/v1/capture` side by side with a floor at the same viewport, pixel ratio, mobile
 * emulation and user agent. One floor browser per device, so a device's emulation is all it sets.
 */
import type { ChromiumBinary } from '../lib/capture/chromium.ts';
import { resolveEmulation } from '../lib/capture/emulation.ts';
import { DEVICES, type Device } from '../lib/schemas/capture.ts';
import { floorEngine, frameshotEngine, type Viewport } from './engines.ts';
import type { Frameshot } from './frameshot.ts';
import { type EngineResult, sideBySide } from './measure.ts';
import { ms, ratio, table } from './stats.ts';

export const REAL_PAGES = ['landing', 'docs', 'dashboard', 'product', 'article'] as const;
export const REAL_DEVICES: Array<Device | 'none'> = ['none', ...DEVICES];
/**
 * `--quick`: the cells that decided the verdicts of the full runs (docs/benchmarks.md): the two
 * browser windows (browser-windows at 1×, where Frameshot's fixed costs weigh most against a
 * cheap shot; browser-macos, the widest composition) and the phone (3×, mobile). No device,
 * the MacBook and the iPad sat between them.
 */
export const QUICK_DEVICES: Array<Device | 'none'> = ['iphone-16-pro', 'browser-macos', 'browser-windows'];

export interface RealCell {
  page: string;
  device: string;
  viewport: Viewport;
  results: Record<string, EngineResult>;
}

export interface RealPlan {
  runs: number;
  warmup: number;
  /** Substring a `page/device` name must contain to be measured (`--only`). */
  only?: string;
  /** The devices to measure; default all of `REAL_DEVICES`. */
  devices?: Array<Device | 'none'>;
}

/** Viewport, pixel ratio, mobile and user agent exactly as Frameshot emulates the device. */
export function deviceViewport(device: Device | 'none'): Viewport {
  const emu = resolveEmulation(device === 'none' ? {} : { device });
  return { ...emu.viewport, dpr: emu.dpr, mobile: emu.mobile, userAgent: emu.userAgent };
}

export async function realMatrix(
  fs: Frameshot,
  binary: ChromiumBinary,
  origin: string,
  plan: RealPlan,
  onProgress: (line: string) => void,
): Promise<RealCell[]> {
  const cells: RealCell[] = [];
  for (const device of plan.devices ?? REAL_DEVICES) {
    const pages = REAL_PAGES.filter((p) => !plan.only || `${p}/${device}`.includes(plan.only));
    if (pages.length === 0) continue;
    const viewport = deviceViewport(device);
    const extra = device === 'none' ? {} : { device };
    const floor = await floorEngine(binary, viewport);
    try {
      // A device's first styled capture draws its frame and shadows (cached afterwards): one
      // untimed shot per route and device, so no cell's runs pay for that.
      for (const kind of ['raw', 'capture'] as const) {
        await frameshotEngine(fs, kind, viewport, extra).shoot(
          `${origin}/real/${pages[0]}.html?warm=${device}`,
        );
      }
      for (const page of pages) {
        const results = await sideBySide(
          [
            { engine: frameshotEngine(fs, 'raw', viewport, extra), runs: plan.runs },
            { engine: frameshotEngine(fs, 'capture', viewport, extra), runs: plan.runs },
            { engine: floor, runs: plan.runs },
          ],
          `${origin}/real/${page}.html`,
          { warmup: plan.warmup },
        );
        cells.push({ page, device, viewport, results });
        onProgress(`  ${page}/${device}: ${cellLine(results)}`);
      }
    } finally {
      await floor.close();
    }
  }
  return cells;
}

const cellLine = (r: Record<string, EngineResult>) =>
  `raw ${ms(r.frameshot_raw?.p50 ?? 0)}, capture ${ms(r.frameshot_capture?.p50 ?? 0)}, floor ${ms(r.floor?.p50 ?? 0)} ms`;

export interface RealSummary {
  real_raw_vs_floor_max: number;
  real_capture_minus_floor_ms_max: number;
  real_capture_p95_over_p50_max: number;
}

/** The worst cell of each of the per-page, per-device targets. */
export function summarizeReal(cells: RealCell[]): RealSummary {
  const round = (n: number) => Math.round(n * 100) / 100;
  const each = (f: (c: RealCell) => number) => (cells.length ? Math.max(...cells.map(f)) : 0);
  const p50 = (c: RealCell, id: string) => c.results[id]?.p50 ?? 0;
  return {
    real_raw_vs_floor_max: round(each((c) => p50(c, 'frameshot_raw') / (p50(c, 'floor') || 1))),
    real_capture_minus_floor_ms_max: Math.round(each((c) => p50(c, 'frameshot_capture') - p50(c, 'floor'))),
    real_capture_p95_over_p50_max: round(
      each((c) => (c.results.frameshot_capture?.p95 ?? 0) / (p50(c, 'frameshot_capture') || 1)),
    ),
  };
}

export function realTable(cells: RealCell[]): string {
  return table(
    [
      'page',
      'device',
      'viewport',
      'floor p50',
      'raw p50',
      'raw/floor',
      'capture p50',
      'capture−floor',
      'capture p95/p50',
      'errors',
    ],
    cells.map((c) => {
      const floor = c.results.floor?.p50 ?? 0;
      const raw = c.results.frameshot_raw?.p50 ?? 0;
      const cap = c.results.frameshot_capture;
      const errors = Object.values(c.results).reduce((a, r) => a + r.errors, 0);
      return [
        c.page,
        c.device,
        `${c.viewport.width}×${c.viewport.height} @${c.viewport.dpr}${c.viewport.mobile ? ' mobile' : ''}`,
        ms(floor),
        ms(raw),
        ratio(raw, floor),
        ms(cap?.p50 ?? 0),
        `${Math.round((cap?.p50 ?? 0) - floor)}`,
        ratio(cap?.p95 ?? 0, cap?.p50 ?? 0),
        String(errors),
      ];
    }),
  );
}

const STAGES = ['auth', 'queue', 'navigate', 'ready', 'shot', 'compose', 'store'] as const;

/** Where each cell's time goes: medians of Frameshot's `Server-Timing` stages, per route. */
export function stageTable(cells: RealCell[]): string {
  const rows: string[][] = [];
  for (const c of cells) {
    for (const id of ['frameshot_raw', 'frameshot_capture'] as const) {
      const r = c.results[id];
      if (!r?.stages) continue;
      const server = STAGES.reduce((a, s) => a + (r.stages?.[s] ?? 0), 0);
      rows.push([
        c.page,
        c.device,
        id === 'frameshot_raw' ? 'raw' : 'capture',
        ...STAGES.map((s) => String(r.stages?.[s] ?? '')),
        ms(r.p50 - server),
        ms(r.p50),
      ]);
    }
  }
  return table(['page', 'device', 'route', ...STAGES, 'rest', 'p50'], rows);
}
