/**
 * Golden images of catalogue backgrounds: one per pack and one per pattern kind, landscape and
 * portrait, compared with a perceptual tolerance like test/compose/golden.test.ts.
 * `UPDATE_GOLDEN=1 npx vitest run test/backgrounds/golden.test.ts` rewrites them (then look at them).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { drawBackground } from '../../lib/backgrounds/render.ts';
import { entry } from './helpers.ts';

const dir = fileURLToPath(new URL('./golden/', import.meta.url));
const update = process.env['UPDATE_GOLDEN'] === '1';
/** Share of pixels allowed to differ beyond pixelmatch's perceptual threshold. */
const TOLERANCE = 0.005;

/** One per pack, at both sizes. */
const PER_PACK = [
  'mesh/peach-fuzz',
  'grain/risograph',
  'glass/prism',
  'aurora/borealis',
  'patterns/dot-grid',
  'studio/charcoal',
];
/** The other generators (every pattern kind, the aurora pack's blobs), landscape only to keep the set small. */
const PER_TYPE = ['aurora/lava-lamp', 'patterns/blueprint', 'patterns/ripple', 'patterns/topo-forest'];
const SIZES = [
  [720, 480],
  [360, 540],
] as const;

/**
 * Stored as dithered palette PNG: the backgrounds' own dither and grain make true-colour PNGs of
 * these ~0.5–1 MB each, and the quantisation error is far below pixelmatch's threshold. (Without
 * dithering the quantiser bands the gradients, which makes the goldens misleading to look at.)
 */
const encode = (px: Buffer, width: number, height: number) =>
  sharp(px, { raw: { width, height, channels: 4 } })
    .removeAlpha()
    .png({ compressionLevel: 9, palette: true, dither: 1 })
    .toBuffer();

async function matchesGolden(name: string, px: Buffer, width: number, height: number, mayUpdate = true) {
  const file = `${dir}${name}.png`;
  if ((update && mayUpdate) || !existsSync(file)) {
    if (!update || !mayUpdate)
      throw new Error(`No golden image ${name}.png: run with UPDATE_GOLDEN=1 and look at it`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, await encode(px, width, height));
    return;
  }
  const golden = await sharp(readFileSync(file)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  expect([golden.info.width, golden.info.height]).toEqual([width, height]);
  const diff = pixelmatch(px, golden.data, undefined, width, height, { threshold: 0.1 });
  expect(diff / (width * height)).toBeLessThan(TOLERANCE);
}

const cases = [
  ...PER_PACK.flatMap((ref) => SIZES.map((size) => ({ ref, size }))),
  ...PER_TYPE.map((ref) => ({ ref, size: SIZES[0] })),
].map(({ ref, size: [width, height] }) => ({
  ref,
  width,
  height,
  name: `${ref.replace('/', '--')}-${width}x${height}`,
}));

describe('golden backgrounds', () => {
  it.each(cases)('$ref at $width×$height matches golden/$name', async ({ ref, width, height, name }) => {
    await matchesGolden(name, drawBackground(entry(ref), width, height), width, height);
  });

  it('notices a change: another background, or a tint, does not match', async () => {
    const [w, h] = SIZES[0];
    await expect(
      matchesGolden('mesh--peach-fuzz-720x480', drawBackground(entry('mesh/lilac-haze'), w, h), w, h, false),
    ).rejects.toThrow();
    await expect(
      matchesGolden(
        'glass--prism-720x480',
        drawBackground(entry('glass/prism'), w, h, ['#2563eb']),
        w,
        h,
        false,
      ),
    ).rejects.toThrow();
  });

  it('notices a stretch: the portrait drawing scaled from the landscape one does not match', async () => {
    const ref = 'patterns/dot-grid';
    const landscape = drawBackground(entry(ref), 720, 480);
    const stretched = await sharp(landscape, { raw: { width: 720, height: 480, channels: 4 } })
      .resize(360, 540, { fit: 'fill' })
      .raw()
      .toBuffer();
    await expect(matchesGolden('patterns--dot-grid-360x540', stretched, 360, 540, false)).rejects.toThrow();
  });
});
