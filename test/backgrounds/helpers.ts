/**
 * Shared helpers for the backgrounds tests: one background per pack (and per pattern kind), PNG
 * encoding of raw pixels, and colour statistics in Oklab.
 */
import sharp from 'sharp';
import { type CatalogueEntry, catalogue, findBackground } from '../../lib/backgrounds/catalogue.ts';
import { hexLab, type Lab, labLch, rgbLab } from '../../lib/backgrounds/color.ts';

export function entry(ref: string): CatalogueEntry {
  const e = findBackground(ref);
  if (!e) throw new Error(`no background ${ref}`);
  return e;
}

/** The first background of every pack. */
export const onePerPack = (): CatalogueEntry[] =>
  catalogue().packs.map((p) => catalogue().entries.find((e) => e.pack === p.slug)!);

/** The first background of every type (mesh, grain, glass, aurora, blobs, dots, grid, waves, topographic, studio). */
export function onePerType(): CatalogueEntry[] {
  const seen = new Map<string, CatalogueEntry>();
  for (const e of catalogue().entries) if (!seen.has(e.type)) seen.set(e.type, e);
  return [...seen.values()];
}

/** Raw RGBA → PNG (RGB, like the composer stores them), deterministically. */
export const png = (px: Buffer, width: number, height: number) =>
  sharp(px, { raw: { width, height, channels: 4 } })
    .removeAlpha()
    .png({ compressionLevel: 9 })
    .toBuffer();

/** Mean Oklab colour of raw RGBA pixels (every `stride`-th pixel). */
export function meanLab(px: Buffer, stride = 1): Lab {
  const sum: Lab = [0, 0, 0];
  let n = 0;
  for (let i = 0; i < px.length; i += 4 * stride) {
    const lab = rgbLab([px[i]! / 255, px[i + 1]! / 255, px[i + 2]! / 255]);
    sum[0] += lab[0];
    sum[1] += lab[1];
    sum[2] += lab[2];
    n++;
  }
  return [sum[0] / n, sum[1] / n, sum[2] / n];
}

/** Smallest angle between two hues, degrees. */
export const hueDistance = (a: number, b: number) => {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
};

export const hueOf = (hex: string) => labLch(hexLab(hex))[2];
export const chromaOf = (hex: string) => labLch(hexLab(hex))[1];
export const lightnessOf = (hex: string) => hexLab(hex)[0];
