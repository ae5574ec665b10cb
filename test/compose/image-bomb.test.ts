import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose } from '../../lib/compose/index.ts';
import { CaptureFailed } from '../../lib/errors.ts';
import { safeFetch } from '../../lib/net/index.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { ctx, params, pixels, solidShot } from './helpers.ts';

let fx: FixtureServer;
beforeAll(async () => {
  fx = await startFixtureServer();
});
afterAll(() => fx?.close());

/** The fetcher the capture routes give the composer, allowed to reach the local fixture server. */
const fetchImage = async (url: string) =>
  (await safeFetch(url, { allowPrivateTargets: true, maxBytes: 15 * 1024 * 1024, timeoutMs: 10_000 })).body;

/** Runs `work` and reports its duration and the largest growth of this process's RSS meanwhile. */
async function measured<T>(work: () => Promise<T>) {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const started = performance.now();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, ms: performance.now() - started, growthMiB: (peak - before) / 2 ** 20 };
  } finally {
    clearInterval(sampler);
  }
}

describe('background_image_url pixel limit', () => {
  it('refuses a 16000×16000 PNG bomb by its header, quickly and without decoding it', async () => {
    // A solid 256-megapixel PNG: 3.4 MB on the wire, 768 MB decoded. The fixture server makes it
    // once; fetch it here first so making it is not part of what is measured.
    const bombUrl = `${fx.origin}/img?color=ff0000&w=16000&h=16000`;
    // Making it takes the fixture server seconds (longer on a busy machine): wait for it here.
    const { body: bomb } = await safeFetch(bombUrl, {
      allowPrivateTargets: true,
      maxBytes: 15 * 1024 * 1024,
      timeoutMs: 50_000,
    });
    expect(await sharp(bomb).metadata()).toMatchObject({ width: 16000, height: 16000 });
    const shot = await solidShot(800, 500, 1);
    const p = (url: string) => params({ background_image_url: url, output: { width: 600 } });
    // Warm up the composer (fonts, gradient, caches) with a usable image.
    await compose(shot, p(`${fx.origin}/img?color=00ff00&w=64&h=64`), { ...ctx, fetchImage });

    const { result, ms, growthMiB } = await measured(() => compose(shot, p(bombUrl), { ...ctx, fetchImage }));
    console.log(`PNG bomb refused in ${Math.round(ms)} ms, RSS growth ${growthMiB.toFixed(1)} MiB`);
    expect(result.warnings).toContain(
      'background_image_url could not be used (the image is 16000×16000 px (256 Mpx); images over 40 Mpx are refused); background_style was used instead',
    );
    // The default gradient, not the red image.
    expect((await pixels(result.data)).at(2, 2).slice(0, 3)).not.toEqual([255, 0, 0]);
    // Decoding it would take ~10 s and 768 MB; refusing it by its header takes a few hundred ms.
    expect(ms).toBeLessThan(5000);
    expect(growthMiB).toBeLessThan(100);
  }, 60_000);

  it('uses a large photo under the limit, shrunk as it loads', async () => {
    // 7680×4320 (8K, 33 Mpx) JPEG: under the limit; decoded at a fraction of its size.
    const photo = await sharp({
      create: { width: 7680, height: 4320, channels: 3, background: { r: 0, g: 0, b: 255 } },
    })
      .jpeg()
      .toBuffer();
    const shot = await solidShot(800, 500, 1);
    const p = params({ background_image_url: 'https://images.example/8k.jpg', output: { width: 600 } });
    const { result, growthMiB } = await measured(() =>
      compose(shot, p, { ...ctx, fetchImage: async () => photo }),
    );
    console.log(`8K JPEG background: RSS growth ${growthMiB.toFixed(1)} MiB`);
    expect(result.warnings).toEqual([]);
    const [r, g, b] = (await pixels(result.data)).at(2, 2);
    expect([r, g]).toEqual([0, 0]);
    expect(b).toBeGreaterThan(250);
    // Decoded in full it would be 7680 × 4320 × 3 = 95 MiB.
    expect(growthMiB).toBeLessThan(60);
  });

  it('says why when the response is not an image', async () => {
    const shot = await solidShot(800, 500, 1);
    const p = params({ background_image_url: 'https://images.example/page', output: { width: 600 } });
    const result = await compose(shot, p, {
      ...ctx,
      fetchImage: async () => Buffer.from('<!doctype html><p>not an image</p>'),
    });
    expect(result.warnings.join()).toMatch(
      /^background_image_url could not be used \(.+\); background_style was used instead$/,
    );
  });
});

describe('composer input limit', () => {
  it('refuses a capture over the capture pixel budget as capture_failed', async () => {
    const shot = { ...(await solidShot(100, 100, 1)), width: 20000, height: 7000 };
    const err = await compose(shot, params({}), ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CaptureFailed);
    expect((err as CaptureFailed).message).toBe(
      'The capture is 20000×7000 px (140 Mpx); the composer takes at most 120 Mpx',
    );
  });
});
