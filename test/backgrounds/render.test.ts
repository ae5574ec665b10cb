/**
 * Drawing catalogue backgrounds (pure, no emulators): the same bytes every time, exactly the size
 * asked for with nothing stretched (round dots at any aspect, features that scale with the
 * picture), and tinting that re-colours without changing light or dark.
 */
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../lib/backgrounds/catalogue.ts';
import { hexLab, labLch, tintPalette } from '../../lib/backgrounds/color.ts';
import { drawBackground, paletteOf, renderThumbnail, THUMBNAIL } from '../../lib/backgrounds/render.ts';
import {
  chromaOf,
  entry,
  hueDistance,
  hueOf,
  lightnessOf,
  meanLab,
  onePerPack,
  onePerType,
  png,
} from './helpers.ts';

describe('determinism', () => {
  it.each(onePerType().map((e) => [e.ref, e] as const))(
    '%s draws the same bytes and the same PNG twice',
    async (_ref, e) => {
      const a = drawBackground(e, 320, 200);
      const b = drawBackground(e, 320, 200);
      expect(a.equals(b)).toBe(true);
      expect((await png(a, 320, 200)).equals(await png(b, 320, 200))).toBe(true);
      // Tinted too.
      const ta = drawBackground(e, 320, 200, ['#ff5a1f', '#2563eb']);
      expect(ta.equals(drawBackground(e, 320, 200, ['#ff5a1f', '#2563eb']))).toBe(true);
      expect(ta.equals(a)).toBe(false);
    },
  );

  it('draws different pictures for different backgrounds', () => {
    const drawn = catalogue().entries.map((e) => drawBackground(e, 64, 48));
    for (let i = 0; i < drawn.length; i++)
      for (let j = i + 1; j < drawn.length; j++) expect(drawn[i]!.equals(drawn[j]!)).toBe(false);
  });

  it('is opaque everywhere', () => {
    for (const e of onePerType()) {
      const px = drawBackground(e, 97, 61);
      for (let i = 3; i < px.length; i += 4)
        if (px[i] !== 255) expect.fail(`${e.ref}: alpha ${px[i]} at ${i}`);
    }
  });

  it('renders a WebP thumbnail whose ETag follows the version', async () => {
    const e = entry('glass/prism');
    const a = await renderThumbnail(e);
    const b = await renderThumbnail(e);
    expect(a.contentType).toBe('image/webp');
    expect(a.body.equals(b.body)).toBe(true);
    expect(a.etag).toBe(b.etag);
    expect(a.etag).toContain(e.version);
    expect(a.etag).not.toBe((await renderThumbnail(entry('glass/cobalt'))).etag);
    const meta = await (await import('sharp')).default(a.body).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', THUMBNAIL.width, THUMBNAIL.height]);
  });
});

describe('exact size', () => {
  it.each([
    [333, 777],
    [1, 1],
    [4001, 10],
    [10, 4001],
    [2, 3],
  ])('%i×%i is exactly that many pixels, for every type', (w, h) => {
    for (const e of onePerType()) expect(drawBackground(e, w, h).length, e.ref).toBe(w * h * 4);
  });
});

/** Darkness of each pixel against the lightest pixel within `reach` along its row (ink on a light wash), 0 under `threshold`. */
function inkMask(px: Buffer, width: number, height: number, threshold: number, reach = 25) {
  const lum = new Float32Array(width * height);
  for (let i = 0; i < width * height; i++)
    lum[i] = 0.3 * px[i * 4]! + 0.59 * px[i * 4 + 1]! + 0.11 * px[i * 4 + 2]!;
  const ink = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let max = 0;
      for (let k = Math.max(0, x - reach); k <= Math.min(width - 1, x + reach); k++)
        max = Math.max(max, lum[y * width + k]!);
      const d = max - lum[y * width + x]!;
      ink[y * width + x] = d > threshold ? d : 0;
    }
  }
  return ink;
}

/** Centres (darkness-weighted) and extents of the connected ink blobs. */
function blobs(ink: Float32Array, width: number, height: number) {
  const seen = new Uint8Array(width * height);
  const found: { cx: number; cy: number; w: number; h: number; n: number }[] = [];
  const stack: number[] = [];
  for (let start = 0; start < ink.length; start++) {
    if (!ink[start] || seen[start]) continue;
    seen[start] = 1;
    stack.push(start);
    let sw = 0;
    let sx = 0;
    let sy = 0;
    let n = 0;
    let x0 = width;
    let x1 = -1;
    let y0 = height;
    let y1 = -1;
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % width;
      const y = (i / width) | 0;
      const w = ink[i]!;
      sw += w;
      sx += w * x;
      sy += w * y;
      n++;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
      for (const j of [i - 1, i + 1, i - width, i + width]) {
        if (j < 0 || j >= ink.length || seen[j] || !ink[j]) continue;
        if (Math.abs((j % width) - x) > 1) continue;
        seen[j] = 1;
        stack.push(j);
      }
    }
    found.push({ cx: sx / sw, cy: sy / sw, w: x1 - x0 + 1, h: y1 - y0 + 1, n });
  }
  return found;
}

/** Median gap between consecutive distinct positions (positions within 2 px are one). */
function spacingOf(positions: number[]): number {
  const sorted = [...positions].sort((a, b) => a - b);
  const groups: number[][] = [];
  for (const p of sorted) {
    const last = groups.at(-1);
    if (last && p - last.at(-1)! < 2) last.push(p);
    else groups.push([p]);
  }
  const centres = groups.map((g) => g.reduce((s, v) => s + v, 0) / g.length);
  const gaps = centres.slice(1).map((c, i) => c - centres[i]!);
  gaps.sort((a, b) => a - b);
  return gaps[gaps.length >> 1]!;
}

describe('nothing is stretched', () => {
  it('draws round dots on a 4:1 canvas: the same spacing across as down, within a pixel', () => {
    for (const ref of ['patterns/dot-grid', 'patterns/halftone-peach']) {
      const e = entry(ref);
      const [W, H] = [2000, 500];
      const px = drawBackground(e, W, H);
      const found = blobs(inkMask(px, W, H, 12), W, H).filter((b) => b.n >= 9);
      // Whole dots away from the edges.
      const whole = found.filter((b) => b.cx > 20 && b.cx < W - 20 && b.cy > 20 && b.cy < H - 20);
      expect(whole.length, ref).toBeGreaterThan(30);
      // Dots in one row share a y and in one column an x; spacing across equals spacing down.
      const row = whole.filter((b) => Math.abs(b.cy - whole[0]!.cy) < 2);
      const column = whole.filter((b) => Math.abs(b.cx - whole[0]!.cx) < 2);
      expect(row.length, ref).toBeGreaterThan(5);
      expect(column.length, ref).toBeGreaterThan(3);
      const across = spacingOf(row.map((b) => b.cx));
      const down = spacingOf(column.map((b) => b.cy));
      const expected = (e.params as { spacing: number }).spacing * Math.sqrt(W * H);
      expect(Math.abs(across - down), `${ref}: ${across} across, ${down} down`).toBeLessThanOrEqual(1);
      expect(Math.abs(across - expected), ref).toBeLessThanOrEqual(1);
      // And each dot is as wide as it is tall (where the pattern is not fading out, which clips a dot's rim).
      if ((e.params as { fade: string }).fade === 'even')
        for (const b of whole)
          expect(Math.abs(b.w - b.h), `${ref} dot at ${b.cx},${b.cy}`).toBeLessThanOrEqual(1);
    }
  });

  it.each(['grain/risograph', 'mesh/peach-fuzz', 'mesh/nebula', 'aurora/borealis'])(
    '%s at 2000×2000 shrunk to 1000×1000 looks like it drawn at 1000×1000',
    (ref) => {
      const e = entry(ref);
      const small = drawBackground(e, 1000, 1000);
      const large = drawBackground(e, 2000, 2000);
      // Mean colour of 25×25 blocks at 1000×1000 (50×50 at 2000×2000): grain averages out, features stay.
      const blocks = (px: Buffer, side: number, block: number) => {
        const n = side / block;
        const out = new Float64Array(n * n * 3);
        for (let y = 0; y < side; y++)
          for (let x = 0; x < side; x++) {
            const i = (y * side + x) * 4;
            const o = (((y / block) | 0) * n + ((x / block) | 0)) * 3;
            for (let c = 0; c < 3; c++) out[o + c]! += px[i + c]! / (block * block);
          }
        return out;
      };
      const a = blocks(small, 1000, 25);
      const b = blocks(large, 2000, 50);
      let worst = 0;
      let total = 0;
      for (let i = 0; i < a.length; i++) {
        const d = Math.abs(a[i]! - b[i]!);
        worst = Math.max(worst, d);
        total += d;
      }
      const mean = total / a.length;
      expect(mean, `${ref}: mean block difference`).toBeLessThan(2.5);
      expect(worst, `${ref}: worst block difference`).toBeLessThan(16);
    },
  );
});

describe('tint', () => {
  const vivid = ['#ff5a1f', '#2563eb', '#16a34a', '#c026d3'];

  it('moves every palette colour’s hue toward the tint, for vivid tints', () => {
    for (const e of catalogue().entries) {
      for (const t of vivid) {
        const out = tintPalette(e.palette, [t]);
        expect(out.length).toBe(e.palette.length);
        for (const [i, c] of out.entries()) {
          // Colours with a visible hue take the tint's. Loosely: per-channel gamut clipping (the
          // reported tintPalette bug) pulls very light ones off it by up to ~40°.
          if (chromaOf(c) < 0.04) continue;
          const after = hueDistance(hueOf(c), hueOf(t));
          expect(after, `${e.ref} ${t} #${i}`).toBeLessThan(12);
          const before = hueDistance(hueOf(e.palette[i]!), hueOf(t));
          if (chromaOf(e.palette[i]!) > 0.04 && before > 45) expect(after).toBeLessThan(before);
        }
      }
    }
  });

  it('alternates several tint colours over the palette', () => {
    const two = tintPalette(['#f8fafc', '#6366f1', '#ec4899', '#22d3ee'], ['#ff0000', '#0000ff']);
    expect(hueDistance(hueOf(two[1]!), hueOf('#0000ff'))).toBeLessThan(20);
    expect(hueDistance(hueOf(two[2]!), hueOf('#ff0000'))).toBeLessThan(20);
    expect(tintPalette(['#123456'], [])).toEqual(['#123456']);
  });

  it('keeps each colour’s Oklab lightness (within 0.02) and takes the tint’s hue, for tints that stay in gamut', () => {
    for (const e of catalogue().entries) {
      for (const t of ['#808080', '#7a8ca3', '#a38a7a']) {
        const out = tintPalette(e.palette, [t]);
        for (const [i, c] of out.entries()) {
          expect(Math.abs(lightnessOf(c) - lightnessOf(e.palette[i]!)), `${e.ref} ${t} #${i}`).toBeLessThan(
            0.02,
          );
          if (chromaOf(c) > 0.02 && t !== '#808080')
            expect(hueDistance(hueOf(c), hueOf(t)), `${e.ref} ${t} #${i}`).toBeLessThan(12);
        }
      }
    }
  });

  // Vivid tints ask for more chroma than sRGB has at a pastel's lightness: chroma is lowered into
  // gamut instead of clamping channels (which turned mesh/mint-cream #86efac into a darker #ff9a66).
  it('keeps each colour’s Oklab lightness (within 0.02) for vivid tints too', () => {
    for (const e of catalogue().entries) {
      for (const t of vivid) {
        const out = tintPalette(e.palette, [t]);
        for (const [i, c] of out.entries())
          expect(Math.abs(lightnessOf(c) - lightnessOf(e.palette[i]!)), `${e.ref} ${t} #${i}`).toBeLessThan(
            0.02,
          );
      }
    }
  });

  it('makes a grey tint monochrome', () => {
    for (const e of catalogue().entries) {
      for (const c of tintPalette(e.palette, ['#808080'])) expect(chromaOf(c), e.ref).toBeLessThan(0.012);
      const px = drawBackground(e, 60, 40, ['#777777']);
      const [, C] = labLch(meanLab(px));
      expect(C, e.ref).toBeLessThan(0.012);
    }
  });

  it.each(
    onePerPack().flatMap((e) => [
      [e.ref, '#ff5a1f'],
      [e.ref, '#2563eb'],
    ]),
  )('%s tinted %s differs, takes the tint’s hue and keeps its theme', (ref, tint) => {
    const e = entry(ref);
    const plain = drawBackground(e, 300, 200);
    const tinted = drawBackground(e, 300, 200, [tint]);
    expect(tinted.equals(plain)).toBe(false);
    expect(paletteOf(e, [tint])).not.toEqual(e.palette);
    const [L, C, h] = labLch(meanLab(tinted));
    const [L0] = labLch(meanLab(plain));
    expect(C).toBeGreaterThan(0.01);
    expect(hueDistance(h, labLch(hexLab(tint))[2]), `mean hue ${h.toFixed(1)}`).toBeLessThan(25);
    // The theme (light/dark, as the catalogue measures it) stays, and the mean lightness is close.
    expect(L < 0.6 ? 'dark' : 'light').toBe(e.theme);
    expect(Math.abs(L - L0), `mean L ${L0.toFixed(3)} → ${L.toFixed(3)}`).toBeLessThan(0.06);
  });

  it('ignores an empty tint', () => {
    const e = entry('mesh/peach-fuzz');
    expect(drawBackground(e, 50, 40, []).equals(drawBackground(e, 50, 40))).toBe(true);
    expect(paletteOf(e, [])).toBe(e.palette);
  });
});
