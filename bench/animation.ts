/**
 * Scrolling animations (issue #19): the two ways to record a page while it scrolls, side by side
 * on one browser — stepped screenshots (scroll to an exact offset, shoot, repeat) and Chromium's
 * screencast (the compositor's frames while the page scrolls in real time) — and what encoding
 * the frames as animated WebP and GIF with sharp costs.
 *
 * Usage: `npx tsx bench/animation.ts [page.html] [--seconds 5] [--fps 15] [--runs 3]`
 * (default page: the corpus's tall article, iPhone 16 Pro viewport 402×874 @3).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CDPSession, Page } from 'puppeteer-core';
import sharp from 'sharp';
import { resolveChromium } from '../lib/capture/chromium.ts';
import { launchChromium } from '../lib/capture/sandbox.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seconds: { type: 'string', default: '5' },
    fps: { type: 'string', default: '15' },
    runs: { type: 'string', default: '3' },
    format: { type: 'string', default: 'jpeg' },
    dpr: { type: 'string', default: '3' },
    width: { type: 'string', default: '603' },
  },
});
const seconds = Number(values.seconds);
const fps = Number(values.fps);
const runs = Number(values.runs);
const shotFormat = values.format as 'jpeg' | 'png' | 'webp';
const frames = Math.round(seconds * fps);
const pagePath = positionals[0] ?? 'test/fixtures/pages/corpus/tidewire-article.html';
const VIEWPORT = { width: 402, height: 874, deviceScaleFactor: Number(values.dpr) };
const outWidth = Number(values.width);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ease = (t: number) => (t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2);

async function maxScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
}

/** Scroll to each frame's exact offset, wait for a paint, shoot it. */
async function stepped(page: Page, cdp: CDPSession): Promise<{ ms: number; shots: Buffer[] }> {
  const bottom = await maxScroll(page);
  const started = performance.now();
  const shots: Buffer[] = [];
  for (let i = 0; i < frames; i++) {
    const y = Math.round(ease(i / (frames - 1)) * bottom);
    await page.evaluate(
      (top) =>
        new Promise<void>((resolve) => {
          window.scrollTo({ top, behavior: 'instant' });
          requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
        }),
      y,
    );
    const { data } = await cdp.send('Page.captureScreenshot', {
      format: shotFormat,
      ...(shotFormat === 'png' ? { optimizeForSpeed: true } : { quality: 85 }),
    });
    shots.push(Buffer.from(data, 'base64'));
  }
  return { ms: performance.now() - started, shots };
}

/** Let the page scroll itself in real time over `seconds` while the screencast sends frames. */
async function screencast(
  page: Page,
  cdp: CDPSession,
): Promise<{ ms: number; shots: Buffer[]; received: number }> {
  const bottom = await maxScroll(page);
  const received: { t: number; data: Buffer }[] = [];
  const onFrame = (f: { data: string; sessionId: number; metadata: { timestamp?: number } }) => {
    received.push({
      t: f.metadata.timestamp ?? performance.now() / 1000,
      data: Buffer.from(f.data, 'base64'),
    });
    void cdp.send('Page.screencastFrameAck', { sessionId: f.sessionId }).catch(() => {});
  };
  cdp.on('Page.screencastFrame', onFrame);
  const started = performance.now();
  await cdp.send('Page.startScreencast', {
    format: shotFormat === 'webp' ? 'jpeg' : shotFormat,
    quality: 85,
    everyNthFrame: 1,
  });
  // A string, not a function: tsx would wrap the inner functions in a helper the page lacks.
  await page.evaluate(`new Promise((resolve) => {
    const t0 = performance.now();
    const ease = (t) => (t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2);
    const step = () => {
      const t = Math.min(1, (performance.now() - t0) / ${seconds * 1000});
      window.scrollTo({ top: Math.round(ease(t) * ${bottom}), behavior: 'instant' });
      if (t < 1) requestAnimationFrame(step);
      else setTimeout(resolve, 100);
    };
    requestAnimationFrame(step);
  })`);
  await cdp.send('Page.stopScreencast');
  cdp.off('Page.screencastFrame', onFrame);
  const ms = performance.now() - started;
  // Resample at the output rate: for each output frame, the latest frame received by then.
  const t0 = received[0]?.t ?? 0;
  const shots: Buffer[] = [];
  for (let i = 0; i < frames && received.length; i++) {
    const at = t0 + i / fps;
    let pick = received[0]!;
    for (const r of received) if (r.t <= at) pick = r;
    shots.push(pick.data);
  }
  return { ms, shots, received: received.length };
}

/** Decode the shots, scale them to `width`, and encode one animated image. */
async function encodeAnimation(shots: Buffer[], width: number, format: 'webp' | 'gif') {
  const started = performance.now();
  const decoded = await Promise.all(
    shots.map((s) => sharp(s).resize({ width }).removeAlpha().raw().toBuffer({ resolveWithObject: true })),
  );
  const { height } = decoded[0]!.info;
  const decodeMs = performance.now() - started;
  const tall = Buffer.concat(decoded.map((d) => d.data));
  const img = sharp(tall, {
    raw: { width, height: height * decoded.length, channels: 3, pageHeight: height },
  });
  const delay = Array(decoded.length).fill(Math.round(1000 / fps));
  const out =
    format === 'webp'
      ? await img.webp({ quality: 80, effort: 2, loop: 0, delay }).toBuffer()
      : await img.gif({ loop: 0, delay, effort: 3 }).toBuffer();
  return { decodeMs, encodeMs: performance.now() - started - decodeMs, bytes: out.length, out };
}

async function main() {
  const work = await mkdtemp(path.join(tmpdir(), 'frameshot-anim-'));
  const binary = await resolveChromium(process.env['FRAMESHOT_CHROMIUM_PATH']);
  const { browser } = await launchChromium(binary, work, 'auto', []);
  const html = await readFile(pagePath, 'utf8');
  const rows: Record<string, number[]> = {};
  const add = (k: string, v: number) => {
    rows[k] ??= [];
    rows[k].push(v);
  };
  let sample: Buffer | undefined;
  try {
    for (let run = 0; run < runs; run++) {
      for (const method of ['stepped', 'screencast'] as const) {
        const page = await browser.newPage();
        await page.setViewport(VIEWPORT);
        await page.setContent(html, { waitUntil: 'load' });
        const cdp = await page.createCDPSession();
        // Emulation is per CDP session: the session that shoots sets the pixel ratio.
        await cdp.send('Emulation.setDeviceMetricsOverride', {
          width: VIEWPORT.width,
          height: VIEWPORT.height,
          deviceScaleFactor: VIEWPORT.deviceScaleFactor,
          mobile: true,
        });
        const rec = method === 'stepped' ? await stepped(page, cdp) : await screencast(page, cdp);
        add(`${method}.record_ms`, rec.ms);
        add(`${method}.per_frame_ms`, rec.ms / frames);
        if ('received' in rec) add(`${method}.frames_received`, rec.received as number);
        const first = await sharp(rec.shots[0]!).metadata();
        add(`${method}.shot_width`, first.width ?? 0);
        add(
          `${method}.distinct_frames`,
          new Set(rec.shots.map((s) => s.toString('base64', 0, 0) + s.length)).size,
        );
        for (const format of ['webp', 'gif'] as const) {
          const enc = await encodeAnimation(rec.shots, outWidth, format);
          add(`${method}.${format}.decode_ms`, enc.decodeMs);
          add(`${method}.${format}.encode_ms`, enc.encodeMs);
          add(`${method}.${format}.kb`, enc.bytes / 1024);
          if (method === 'stepped' && format === 'webp') sample = enc.out;
        }
        await cdp.detach();
        await page.close();
      }
    }
  } finally {
    await browser.close();
    await rm(work, { recursive: true, force: true });
  }
  if (sample)
    await sharp(sample, { animated: true })
      .toFile('gallery/animation-sample.webp')
      .catch(() => {});
  console.log(
    `${frames} frames (${seconds} s × ${fps} fps), ${pagePath}, iPhone 402×874 @${VIEWPORT.deviceScaleFactor} → ${outWidth} px wide, medians of ${runs}:`,
  );
  for (const [k, v] of Object.entries(rows)) console.log(`  ${k.padEnd(32)} ${Math.round(median(v))}`);
}

await main();
