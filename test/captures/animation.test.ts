/**
 * Scrolling animations (§14): the page recorded while it scrolls, composed frame by frame into
 * the device frame on /v1/capture, scaled on /v1/raw, encoded as animated WebP or GIF, +2
 * credits; refused with nothing charged when it cannot be made (a still format, not the
 * viewport, over the time budget).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { balanceAndLedger, call, captureApp, createTestAccount, downloadRender } from '../helpers/stack.ts';

const env = captureApp();
/** A landing page laid out for phones (it has a viewport meta), a few screens tall. */
const LANDING = await readFile('test/fixtures/pages/corpus/nimbus-landing.html', 'utf8');
/** Five bands of distinct colours, so every scroll position looks different. */
const BANDS = `<!doctype html><html><head><meta name="viewport" content="width=device-width"><style>
body{margin:0;font:700 40px sans-serif} div{height:600px;display:grid;place-items:center;color:#fff}
</style></head><body>${['#dc2626', '#ea580c', '#16a34a', '#2563eb', '#7c3aed']
  .map((c, i) => `<div style="background:${c}">Band ${i + 1}</div>`)
  .join('')}</body></html>`;

/** Every frame of an animated image, as raw RGB. */
async function framesOf(bytes: Buffer) {
  const meta = await sharp(bytes, { animated: true }).metadata();
  const frames = [];
  for (let page = 0; page < meta.pages!; page++) {
    frames.push(await sharp(bytes, { page }).removeAlpha().raw().toBuffer({ resolveWithObject: true }));
  }
  return { meta, frames };
}

/** Mean absolute difference of two same-sized raw images, 0–255. */
function difference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

describe('animation on /v1/capture', () => {
  it('composes every frame into the iPhone frame as an animated WebP, for 3 + 2 credits', async () => {
    const { apiKey, accountId } = await createTestAccount(env.deps, { credits: 20 });
    const body = {
      html: LANDING,
      device: 'iphone-16-pro',
      background_preset: 'sunset',
      animation: { type: 'scroll', duration_ms: 2000, fps: 10 },
    };
    const res = await call(env.app, 'POST', '/v1/capture', { key: apiKey, body });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      format: 'webp',
      credits_used: 5,
      animation: { frames: 20, fps: 10, duration_ms: 2000 },
    });
    expect(res.json.animation.scrolled_px).toBeGreaterThan(500);
    expect(Math.max(res.json.width, res.json.height)).toBeLessThanOrEqual(1080);
    expect(res.headers.get('server-timing')).toMatch(/shot;dur=\d+.*compose;dur=\d+/);

    const file = await downloadRender(env.app, res.json.url);
    expect(file.type).toBe('image/webp');
    await mkdir('gallery', { recursive: true });
    await writeFile('gallery/animation-iphone-test.webp', file.bytes);
    const { meta, frames } = await framesOf(file.bytes);
    expect(meta.width).toBe(res.json.width);
    expect(meta.pageHeight).toBe(res.json.height);
    // Identical neighbours may be merged by the encoder; a scroll leaves most frames distinct.
    expect(meta.pages).toBeGreaterThanOrEqual(12);
    expect(meta.loop).toBe(0);
    const first = frames[0]!.data;
    const last = frames[frames.length - 1]!.data;
    // The page moved inside the frame...
    expect(difference(first, last)).toBeGreaterThan(5);
    // ...and the frame and background did not: the corners are the same background in both.
    const { width, height } = frames[0]!.info;
    for (const [x, y] of [
      [2, 2],
      [width - 3, height - 3],
    ]) {
      const at = (y! * width + x!) * 3;
      expect(Math.abs(first[at]! - last[at]!)).toBeLessThanOrEqual(2);
    }
    expect((await balanceAndLedger(env.deps, accountId)).balance).toBe(15);

    // The same animation again is the cached render, free.
    const again = await call(env.app, 'POST', '/v1/capture', { key: apiKey, body });
    expect(again.json).toMatchObject({ id: res.json.id, cached: true, credits_used: 0 });
  });

  it('follows the scroll: each band of the page shows up in turn', async () => {
    const { apiKey } = await createTestAccount(env.deps, { credits: 20 });
    const res = await call(env.app, 'POST', '/v1/raw', {
      key: apiKey,
      body: {
        html: BANDS,
        viewport: { width: 400, height: 600 },
        animation: { type: 'scroll', duration_ms: 1000, fps: 9 },
        output: { format: 'gif' },
      },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ format: 'gif', width: 400, height: 600, credits_used: 3 });
    expect(res.json.animation).toMatchObject({ frames: 9, scrolled_px: 2400 });
    const file = await downloadRender(env.app, res.json.url);
    expect(file.type).toBe('image/gif');
    const { frames } = await framesOf(file.bytes);
    // Near the top-left corner, the first frame shows band 1 (red), the last band 5 (violet).
    const corner = (f: (typeof frames)[number]) => {
      const at = (40 * 400 + 20) * 3;
      return [f.data[at]!, f.data[at + 1]!, f.data[at + 2]!];
    };
    const [r1, , b1] = corner(frames[0]!);
    expect(r1).toBeGreaterThan(180);
    expect(b1).toBeLessThan(80);
    const [r5, g5, b5] = corner(frames[frames.length - 1]!);
    expect(b5).toBeGreaterThan(180);
    expect(g5).toBeLessThan(100);
    expect(r5).toBeLessThan(160);
  });

  it('warns when the page does not scroll', async () => {
    const { apiKey } = await createTestAccount(env.deps, { credits: 20 });
    const res = await call(env.app, 'POST', '/v1/raw', {
      key: apiKey,
      body: {
        html: '<!doctype html><h1>Short</h1>',
        animation: { type: 'scroll', duration_ms: 1000, fps: 5 },
      },
    });
    expect(res.status).toBe(201);
    expect(res.json.format).toBe('webp');
    expect(res.json.warnings).toContainEqual(expect.stringContaining('does not scroll'));
  });
});

describe('animation refused, with nothing charged', () => {
  const refused = async (path: string, body: Record<string, unknown>) => {
    const { apiKey, accountId } = await createTestAccount(env.deps, { credits: 10 });
    const res = await call(env.app, 'POST', path, { key: apiKey, body });
    expect(res.status).toBe(400);
    expect((await balanceAndLedger(env.deps, accountId)).balance).toBe(10);
    return res.json.error as { message: string; details: { path: string; message: string }[] };
  };
  const scroll = { type: 'scroll', duration_ms: 2000, fps: 10 };

  it('a still format names output.format and the animated ones', async () => {
    const error = await refused('/v1/capture', {
      url: 'https://example.com',
      animation: scroll,
      output: { format: 'png' },
    });
    expect(error.details).toContainEqual({ path: 'output', message: expect.stringMatching(/webp.*gif/) });
  });

  it('full_page and selector name themselves: an animation is of the viewport', async () => {
    const error = await refused('/v1/raw', {
      url: 'https://example.com',
      animation: scroll,
      full_page: true,
      selector: 'main',
    });
    const paths = error.details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['full_page', 'selector']));
  });

  it('bad options name the field and the range', async () => {
    const error = await refused('/v1/capture', {
      url: 'https://example.com',
      animation: { type: 'scroll', fps: 60, scroll_to: 'middle' },
    });
    expect(error.details).toContainEqual({
      path: 'animation.fps',
      message: expect.stringMatching(/5 and 30/),
    });
    expect(error.details).toContainEqual({
      path: 'animation.scroll_to',
      message: expect.stringMatching(/"bottom" or a number/),
    });
  });

  it('an animation over the time budget says how many frames fit, or to go async', async () => {
    const long = { type: 'scroll', duration_ms: 15000, fps: 30 };
    const sync = await refused('/v1/capture', { url: 'https://example.com', animation: long });
    expect(sync.details[0]!.path).toBe('animation');
    expect(sync.message).toMatch(/450 frames take about \d+ s.*"async": true.*at most \d+ frames/);
    // A shorter timeout_ms is a smaller budget still.
    const short = await refused('/v1/raw', {
      url: 'https://example.com',
      animation: { type: 'scroll', duration_ms: 5000, fps: 15 },
      timeout_ms: 8000,
    });
    expect(short.message).toMatch(/75 frames/);
  });

  it('the same long animation is accepted as a job', async () => {
    const { apiKey } = await createTestAccount(env.deps, { credits: 10 });
    const res = await call(env.app, 'POST', '/v1/capture', {
      key: apiKey,
      body: {
        url: 'https://example.com',
        async: true,
        animation: { type: 'scroll', duration_ms: 15000, fps: 30 },
      },
    });
    expect(res.status).toBe(202);
  });
});
