/**
 * What catalogue backgrounds cost: `npm run bench:backgrounds [-- runs]`.
 * 1. Drawing: every background of every pack at 2400×1600 (after a small warm-up drawing of each),
 *    median and max per pack.
 * 2. Composing, warm: the same screenshot composed with a preset and with a catalogue background
 *    (both cached), interleaved, per device; and first use: the layer cache cleared before each run,
 *    with the background drawn, or read back from S3 (the local emulator).
 * 3. A whole capture (`produceRender`: Chromium, compose, S3, record) on the bench's light page,
 *    preset against catalogue background once cached, interleaved.
 */
import '../scripts/quiet-sdk.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { catalogue } from '../lib/backgrounds/catalogue.ts';
import { drawBackground } from '../lib/backgrounds/render.ts';
import { backgroundObjects } from '../lib/blobs/backgrounds.ts';
import { produceRender } from '../lib/captures/produce.ts';
import { catalogueStats } from '../lib/compose/catalogue.ts';
import { registerFonts } from '../lib/compose/fonts.ts';
import { compose, layerCache, type Screenshot } from '../lib/compose/index.ts';
import { loadConfig } from '../lib/config.ts';
import { depsFromConfig } from '../lib/deps.ts';
import { newId } from '../lib/ids.ts';
import { startLocalStack } from '../lib/local/stack.ts';
import { CaptureParams } from '../lib/schemas/capture.ts';
import { createAccount } from '../lib/store/accounts.ts';
import { startBenchSite } from './fixture-server.ts';
import { median, table } from './stats.ts';

const runs = Number(process.argv[2] ?? 15);
const say = (line = '') => process.stdout.write(`${line}\n`);
const fmt = (n: number) => n.toFixed(0);

// 1. Drawing, per pack.
const { entries, packs } = catalogue();
for (const e of entries) drawBackground(e, 240, 160);
const drawn = new Map<string, number[]>();
for (const e of entries) {
  const t = performance.now();
  drawBackground(e, 2400, 1600);
  drawn.set(e.pack, [...(drawn.get(e.pack) ?? []), performance.now() - t]);
}
say('drawing each background once at 2400×1600 (3.84 Mpx), ms:');
say(
  table(
    ['pack', 'backgrounds', 'p50', 'max'],
    packs.map((p) => {
      const s = drawn.get(p.slug)!;
      return [p.slug, s.length, fmt(median(s)), fmt(Math.max(...s))];
    }),
  ),
);

// 2. Composing.
const fixtures = 'test/fixtures/compose';
const shots: Record<string, Screenshot> = {
  'browser-macos': {
    data: readFileSync(join(fixtures, 'page-desktop.png')),
    width: 2880,
    height: 1800,
    dpr: 2,
  },
  'iphone-16-pro': {
    data: readFileSync(join(fixtures, 'page-mobile.png')),
    width: 1206,
    height: 2622,
    dpr: 3,
  },
};
const ctx = { pageUrl: 'https://www.lumen.app/', pageTitle: 'Lumen' };
const styled = (device: string, style: Record<string, unknown>) =>
  v.parse(CaptureParams, { url: ctx.pageUrl, device, ...style });
const PRESET = { background_preset: 'aurora' };
const CATALOGUE = { background: 'mesh/nebula' };
await registerFonts();

const stack = await startLocalStack({
  env: { FRAMESHOT_ALLOW_PRIVATE_TARGETS: 'true', FRAMESHOT_LOG_LEVEL: 'SILENT' },
});
const deps = depsFromConfig(loadConfig(stack.env));
const store = backgroundObjects({ s3: deps.aws.s3, name: deps.config.bucket });
const site = await startBenchSite();
try {
  const rows: (string | number)[][] = [];
  for (const [device, shot] of Object.entries(shots)) {
    const warm = { preset: [] as number[], catalogue: [] as number[] };
    for (let i = -2; i < runs; i++) {
      for (const [name, style] of [
        ['preset', PRESET],
        ['catalogue', CATALOGUE],
      ] as const) {
        const t = performance.now();
        await compose(shot, styled(device, style), ctx);
        if (i >= 0) warm[name].push(performance.now() - t);
      }
    }
    // First use: nothing cached in this process. Each run a different background of the catalogue.
    const cold = { preset: [] as number[], drawn: [] as number[], s3: [] as number[] };
    const firstRuns = Math.min(runs, 8);
    for (let i = 0; i < firstRuns; i++) {
      const ref = entries[(i * 9) % entries.length]!.ref;
      layerCache.clear();
      let t = performance.now();
      await compose(shot, styled(device, PRESET), ctx);
      cold.preset.push(performance.now() - t);
      layerCache.clear();
      t = performance.now();
      await compose(shot, styled(device, { background: ref }), { ...ctx, backgrounds: store });
      cold.drawn.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 1500)); // the upload to S3 is not awaited by the render
      layerCache.clear();
      const before = catalogueStats.fromStore;
      t = performance.now();
      await compose(shot, styled(device, { background: ref }), { ...ctx, backgrounds: store });
      if (catalogueStats.fromStore > before) cold.s3.push(performance.now() - t);
    }
    const p = median(warm.preset);
    const c = median(warm.catalogue);
    rows.push([
      device,
      fmt(p),
      fmt(c),
      `${c - p >= 0 ? '+' : ''}${(c - p).toFixed(1)}`,
      fmt(median(cold.preset)),
      fmt(median(cold.drawn)),
      cold.s3.length ? fmt(median(cold.s3)) : 'n/a',
    ]);
  }
  say(
    `\ncompose (2400×~1600 canvas, PNG), ms — warm: median of ${runs} interleaved; first use: layer cache cleared`,
  );
  say(
    table(
      [
        'device',
        'warm preset',
        'warm catalogue',
        'catalogue − preset',
        'first use preset',
        'first use catalogue (drawn)',
        'first use catalogue (from S3)',
      ],
      rows,
    ),
  );

  // 3. Whole captures.
  const account = await createAccount(deps.table, { name: 'bench-bg', plan: 'pro', now: Date.now() });
  let n = 0;
  const produce = (style: Record<string, unknown>) =>
    produceRender(deps, {
      id: newId('cap'),
      kind: 'capture',
      params: v.parse(CaptureParams, {
        url: `${site.origin}/light.html?bg=${n++}`,
        viewport: { width: 1440, height: 900 },
        capture_dpr: 2,
        device: 'browser-macos',
        fresh: true,
        ...style,
      }),
      accountId: account.id,
      test: false,
      timeoutMs: 30_000,
    });
  const whole = { preset: [] as number[], catalogue: [] as number[] };
  for (let i = -2; i < runs; i++) {
    for (const [name, style] of [
      ['preset', PRESET],
      ['catalogue', CATALOGUE],
    ] as const) {
      const t = performance.now();
      await produce(style);
      if (i >= 0) whole[name].push(performance.now() - t);
    }
  }
  const wp = median(whole.preset);
  const wc = median(whole.catalogue);
  say(
    `\nwhole capture (produceRender, light page, 1440×900 @2, browser-macos), median of ${runs} interleaved, ms:`,
  );
  say(
    table(
      ['preset', 'catalogue (cached)', 'catalogue − preset'],
      [[fmt(wp), fmt(wc), `${wc - wp >= 0 ? '+' : ''}${(wc - wp).toFixed(1)}`]],
    ),
  );
} finally {
  await deps.browser.close();
  await stack.stop();
  await site.close();
}
