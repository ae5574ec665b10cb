/**
 * Golden images: one render per device and per 3D preset, compared with a perceptual tolerance.
 * `UPDATE_GOLDEN=1 npx vitest run test/compose/golden.test.ts` rewrites them (then look at them).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CAMERA_PRESETS, PERSPECTIVE_PRESETS } from '../../lib/compose/camera.ts';
import { compose } from '../../lib/compose/index.ts';
import { DEVICES } from '../../lib/schemas/capture.ts';
import { ctx, desktop, mobile, params } from './helpers.ts';

const dir = fileURLToPath(new URL('./golden/', import.meta.url));
const update = process.env['UPDATE_GOLDEN'] === '1';
/** Share of pixels allowed to differ beyond pixelmatch's perceptual threshold. */
const TOLERANCE = 0.005;

async function rgba(png: Buffer) {
  return sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
}

async function matchesGolden(name: string, image: Buffer, mayUpdate = true): Promise<void> {
  const file = `${dir}${name}.png`;
  if ((update && mayUpdate) || !existsSync(file)) {
    if (!update || !mayUpdate)
      throw new Error(`No golden image ${name}.png: run with UPDATE_GOLDEN=1 and look at it`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, image);
    return;
  }
  const [a, b] = await Promise.all([rgba(image), rgba(readFileSync(file))]);
  expect([a.info.width, a.info.height]).toEqual([b.info.width, b.info.height]);
  const diff = pixelmatch(a.data, b.data, undefined, a.info.width, a.info.height, { threshold: 0.1 });
  expect(diff / (a.info.width * a.info.height)).toBeLessThan(TOLERANCE);
}

const cases = [
  ...DEVICES.map((device) => ({ name: `device-${device}`, input: { device } })),
  { name: 'device-none', input: {} },
  ...Object.keys(PERSPECTIVE_PRESETS).map((perspective) => ({
    name: `perspective-${perspective}`,
    input: { device: 'browser-macos', perspective },
  })),
  ...Object.keys(CAMERA_PRESETS).map((camera_preset) => ({
    name: `camera-${camera_preset}`,
    input: { device: 'iphone-16-pro', camera_preset },
  })),
  {
    name: 'text-and-depth',
    input: {
      device: 'macbook-pro-16',
      title: 'Understand every user',
      subtitle: 'Funnels, retention, revenue',
      badge: 'NEW',
      depth_blur: 20,
      depth_blur_type: 'lens',
      perspective: 'tilt-right',
    },
  },
];

describe('golden images', () => {
  it.each(cases)('$name matches its golden image', async ({ name, input }) => {
    const p = params({ ...input, output: { width: 480 } });
    const shot = p.device === 'iphone-16-pro' || p.device === 'ipad-pro-m4' ? mobile : desktop;
    const out = await compose(shot, p, ctx);
    await matchesGolden(name, out.data);
  });

  it('notices a change: a different colour does not match the golden image', async () => {
    const out = await compose(
      desktop,
      params({ device: 'browser-macos', device_color: 'dark', output: { width: 480 } }),
      ctx,
    );
    await expect(matchesGolden('device-browser-macos', out.data, false)).rejects.toThrow();
  });
});
