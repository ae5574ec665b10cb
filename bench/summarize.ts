/**
 * Medians across repeated bench runs: `npx tsx bench/summarize.ts [--quick] [--last N]`. Reads
 * `bench/results/run-*.json` (full runs, or quick ones with `--quick`) and prints, for every
 * `summary` number and the main extra measurements, the median and the range over the runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { median, table } from './stats.ts';

const { values: flags } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, last: { type: 'string' } },
});
const dir = path.join(import.meta.dirname, 'results');

interface Run {
  created_at: string;
  quick: boolean;
  summary: Record<string, number | string>;
  cold: { raw_ms: number; capture_ms: number };
  pages: Record<string, Record<string, { p50: number; p95: number }>>;
  throughput: Array<{ concurrency: number; captures_per_s: number; p95_ms: number; errors: number }>;
  memory: { peak_mb: { selfMb: number; childrenMb: number; totalMb: number } };
  lambda_cold_start: { total_ms: number; import_ms: number; unpack_ms: number; launch_ms: number };
}

const runs: Run[] = readdirSync(dir)
  .filter((f) => /^run-.*\.json$/.test(f))
  .sort()
  .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Run)
  .filter((r) => r.quick === flags.quick);
const chosen = flags.last ? runs.slice(-Number(flags.last)) : runs;
if (chosen.length === 0) {
  console.log(`no ${flags.quick ? 'quick' : 'full'} runs in ${dir}`);
  process.exit(1);
}

const metrics: Array<[string, (r: Run) => number]> = [
  ...Object.keys(chosen[0]!.summary)
    .filter((k) => typeof chosen[0]!.summary[k] === 'number')
    .map((k): [string, (r: Run) => number] => [k, (r) => Number(r.summary[k])]),
  ['cold_raw_ms', (r) => r.cold.raw_ms],
  ['cold_capture_ms', (r) => r.cold.capture_ms],
  ...[
    'frameshot_raw',
    'frameshot_capture',
    'floor',
    'browserless',
    'capture_website',
    'capture_website_warm',
  ].map((id): [string, (r: Run) => number] => [`heavy_${id}_p50_ms`, (r) => r.pages.heavy?.[id]?.p50 ?? 0]),
  ...['frameshot_raw', 'floor'].map((id): [string, (r: Run) => number] => [
    `tall_full_page_${id}_p50_ms`,
    (r) => r.pages.tall_full_page_1x?.[id]?.p50 ?? 0,
  ]),
  ...[1, 2, 4, 8].flatMap(
    (c): Array<[string, (r: Run) => number]> => [
      [`throughput_c${c}_per_s`, (r) => r.throughput.find((l) => l.concurrency === c)?.captures_per_s ?? 0],
      [`throughput_c${c}_p95_ms`, (r) => r.throughput.find((l) => l.concurrency === c)?.p95_ms ?? 0],
    ],
  ),
  ['peak_api_mb', (r) => r.memory.peak_mb.selfMb],
  ['peak_chromium_mb', (r) => r.memory.peak_mb.childrenMb],
  ['peak_total_mb', (r) => r.memory.peak_mb.totalMb],
  ['lambda_cold_total_ms', (r) => r.lambda_cold_start.total_ms],
  ['lambda_import_ms', (r) => r.lambda_cold_start.import_ms],
  ['lambda_unpack_ms', (r) => r.lambda_cold_start.unpack_ms],
  ['lambda_launch_ms', (r) => r.lambda_cold_start.launch_ms],
];

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
console.log(
  `${chosen.length} ${flags.quick ? 'quick' : 'full'} runs: ${chosen.map((r) => r.created_at).join(', ')}`,
);
console.log(
  table(
    ['metric', 'median', 'min', 'max'],
    metrics.map(([name, read]) => {
      const xs = chosen.map(read);
      return [name, fmt(median(xs)), fmt(Math.min(...xs)), fmt(Math.max(...xs))];
    }),
  ),
);
