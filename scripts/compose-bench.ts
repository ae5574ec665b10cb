/**
 * Median compose time of a 2400×1600 PNG with a device frame, flat and with perspective, warm
 * (the static layers cached), after one cold render each. `npx tsx scripts/compose-bench.ts [runs]`.
 */
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { compose, type Screenshot } from '../lib/compose/index.ts';
import { CaptureParams } from '../lib/schemas/capture.ts';

const runs = Math.max(15, Number(process.argv[2] ?? 21));
const shot: Screenshot = {
  data: readFileSync('test/fixtures/compose/page-desktop.png'),
  width: 2880,
  height: 1800,
  dpr: 2,
};
const ctx = { pageUrl: 'https://www.lumen.app/analytics', pageTitle: 'Lumen' };

const cases: [string, Record<string, unknown>][] = [
  ['macbook-pro-16, flat', { device: 'macbook-pro-16' }],
  ['macbook-pro-16, perspective tilt-left', { device: 'macbook-pro-16', perspective: 'tilt-left' }],
  ['browser-macos, flat', { device: 'browser-macos' }],
  ['browser-macos, perspective iso-right', { device: 'browser-macos', perspective: 'iso-right' }],
];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

console.log(`compose → 2400×1600 PNG, ${runs} warm runs each (Node ${process.version})`);
for (const [name, extra] of cases) {
  const p = v.parse(CaptureParams, {
    url: ctx.pageUrl,
    ...extra,
    output: { width: 2400, height: 1600, format: 'png' },
  });
  let t0 = performance.now();
  const first = await compose(shot, p, ctx);
  const cold = performance.now() - t0;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    t0 = performance.now();
    await compose(shot, p, ctx);
    times.push(performance.now() - t0);
  }
  console.log(
    `${name.padEnd(40)} median ${median(times).toFixed(0).padStart(4)} ms   min ${Math.min(...times)
      .toFixed(0)
      .padStart(
        4,
      )} ms   cold ${cold.toFixed(0).padStart(4)} ms   ${(first.data.length / 1024).toFixed(0)} KiB`,
  );
}
