/** The pixel operations of compose/raster that sharp has no primitive for. */
import { describe, expect, it } from 'vitest';
import { drawOver, fromRaster, type Raster, toRaster } from '../../lib/compose/raster.ts';

const fill = (width: number, height: number, rgba: number[]): Raster => ({
  data: Buffer.from(Array.from({ length: width * height }, () => rgba).flat()),
  width,
  height,
  channels: 4,
});

const at = (r: Raster, x: number, y: number) => [
  ...r.data.subarray((y * r.width + x) * 4, (y * r.width + x) * 4 + 4),
];

describe('drawOver', () => {
  it('blends like sharp’s over, on opaque and on transparent pixels', async () => {
    const src = fill(2, 2, [255, 0, 0, 128]);
    for (const base of [
      [255, 255, 255, 255],
      [0, 0, 255, 0],
      [0, 200, 0, 100],
    ]) {
      const dst = fill(4, 4, base);
      const expected = await toRaster(
        fromRaster(dst).composite([
          { input: src.data, raw: { width: 2, height: 2, channels: 4 }, left: 1, top: 1 },
        ]),
      );
      drawOver(dst, src, 1, 1);
      for (let y = 0; y < 4; y++)
        for (let x = 0; x < 4; x++) {
          const [got, want] = [at(dst, x, y), at(expected, x, y)];
          // A pixel with no alpha has no colour to compare (sharp clears it).
          const channels = want[3] === 0 ? [3] : [0, 1, 2, 3];
          for (const c of channels)
            expect(Math.abs(got[c]! - want[c]!), `(${x}, ${y})[${c}]`).toBeLessThanOrEqual(1);
        }
    }
  });

  it('draws only the part of the layer inside the raster', () => {
    const dst = fill(3, 3, [0, 0, 0, 255]);
    drawOver(dst, fill(2, 2, [255, 255, 255, 255]), -1, 2);
    expect(at(dst, 0, 2)).toEqual([255, 255, 255, 255]);
    expect(at(dst, 1, 2)).toEqual([0, 0, 0, 255]);
    expect(at(dst, 0, 1)).toEqual([0, 0, 0, 255]);
  });
});
