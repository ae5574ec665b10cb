/**
 * What a blank check before the shot costs: `npx tsx bench/shot-order.ts [runs]`. In a fresh
 * context on the light bench page at 1440×900 @2 (2880×1800), times `Page.captureScreenshot`
 * sequences: the full PNG (`optimizeForSpeed`) alone or with Chromium's default encoder, after
 * a 200-px-wide JPEG thumbnail taken with a `clip.scale` (what lib/capture's blank check does),
 * after an unscaled low-quality JPEG, and before the scaled thumbnail: what the blank check adds,
 * and whether its place matters.
 */
import puppeteer from 'puppeteer-core';
import sharp from 'sharp';
import { encode } from '../lib/compose/encode.ts';
import { chromiumBinary, pngSize } from './engines.ts';
import { startBenchSite } from './fixture-server.ts';
import { median, table } from './stats.ts';

const runs = Number(process.argv[2] ?? 10);
const pngDimensions = (png: Buffer) => {
  const { width, height } = pngSize(png);
  return `${width}×${height}`;
};
const full = { format: 'png', optimizeForSpeed: true };
const scaledThumb = {
  format: 'jpeg',
  quality: 80,
  optimizeForSpeed: true,
  clip: { x: 0, y: 0, width: 1440, height: 900, scale: 200 / 1440 },
};
const plainThumb = { format: 'jpeg', quality: 10, optimizeForSpeed: true };
const sequences: Record<string, object[]> = {
  'full PNG only': [full],
  'full PNG, default encoder (no optimizeForSpeed)': [{ format: 'png' }],
  'scaled thumbnail, then full PNG': [scaledThumb, full],
  'unscaled JPEG q10, then full PNG': [plainThumb, full],
  'full PNG, then scaled thumbnail': [full, scaledThumb],
};

const site = await startBenchSite();
const binary = await chromiumBinary();
const browser = await puppeteer.launch({
  executablePath: binary.path,
  headless: binary.headless,
  args: binary.args,
  pipe: true,
  defaultViewport: null,
});
try {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(sequences).map((k) => [k, []]));
  const sizes = new Set<string>();
  let lastFull = Buffer.alloc(0);
  for (let i = -1; i < runs; i++) {
    for (const [name, steps] of Object.entries(sequences)) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      // Chromium scales a screenshot by the device metrics of the session that asks for it: set
      // them on the session the shots go through, as lib/capture does.
      const client = await page.createCDPSession();
      await client.send('Emulation.setDeviceMetricsOverride', {
        width: 1440,
        height: 900,
        deviceScaleFactor: 2,
        mobile: false,
      });
      await page.goto(`${site.origin}/light.html?order=${i}-${encodeURIComponent(name)}`, {
        waitUntil: 'load',
      });
      // Two frames, as lib/capture's readiness wait ends with.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const t0 = performance.now();
      for (const params of steps) {
        const { data } = await client.send('Page.captureScreenshot', params as never);
        if (params === full) {
          lastFull = Buffer.from(data, 'base64');
          if (i === 0) sizes.add(pngDimensions(lastFull));
        }
      }
      if (i >= 0) times[name]!.push(performance.now() - t0);
      await context.close();
    }
  }
  // What /v1/raw does next with the shot (lib/captures/produce.ts encodeRaw → compose/encode.ts).
  const reencode: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    bytes = (await encode(sharp(lastFull), 'png', 90, true)).length;
    reencode.push(performance.now() - t0);
  }
  times[
    `sharp re-encode of the shot (${(lastFull.length / 2 ** 20).toFixed(1)} → ${(bytes / 2 ** 20).toFixed(1)} MiB)`
  ] = reencode;
  console.log(`Page.captureScreenshot sequences, full shot ${[...sizes].join(', ')}, median of ${runs}`);
  console.log(
    table(
      ['sequence', 'p50 ms'],
      Object.entries(times).map(([k, v]) => [k, median(v).toFixed(0)]),
    ),
  );
} finally {
  await browser.close();
  await site.close();
}
