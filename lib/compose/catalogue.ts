/**
 * @module compose/catalogue
 * Catalogue backgrounds (`background: "pack/slug"`) as the composer gets them: drawn at the
 * canvas's exact size, and cached per (background, version, tint, size) in the process's layer
 * cache and — when the caller gives a store — as PNG in S3, so a new process or Lambda container
 * skips drawing one another process already drew.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { findBackground } from '../backgrounds/catalogue.ts';
import { drawBackground } from '../backgrounds/render.ts';
import type { CaptureParams } from '../schemas/capture.ts';
import { type BackgroundSpec, catalogueBackground, catalogueKey } from './backgrounds.ts';
import { layerCache } from './cache.ts';

/** Where drawn backgrounds are kept between processes (S3 in the deployment). */
export interface BackgroundStore {
  get(key: string): Promise<Buffer | undefined>;
  put(key: string, png: Buffer): Promise<void>;
}

/** Counts for the benchmark and tests: where each drawing came from. */
export const catalogueStats = { drawn: 0, fromStore: 0, storeErrors: 0 };

/** The spec for `p.background`, or undefined when the reference is not in the catalogue. */
export function catalogueSpec(p: CaptureParams, store?: BackgroundStore): BackgroundSpec | undefined {
  const entry = p.background ? findBackground(p.background) : undefined;
  if (!entry) return undefined;
  const tint = p.background_tint;
  const key = catalogueKey(entry, tint);
  const objectKey = (w: number, h: number) =>
    `backgrounds/${entry.pack}/${entry.slug}/${createHash('sha256').update(key).digest('hex').slice(0, 16)}-${w}x${h}.png`;
  const draw = (w: number, h: number) =>
    layerCache.get(
      `bg:${key}:${w}x${h}`,
      async () => {
        const stored = store ? await fromStore(store, objectKey(w, h), w, h) : undefined;
        if (stored) return stored;
        const pixels = drawBackground(entry, w, h, tint);
        catalogueStats.drawn++;
        if (store) void toStore(store, objectKey(w, h), pixels, w, h);
        return pixels;
      },
      (b) => b.length,
    );
  return catalogueBackground(entry, tint, draw);
}

async function fromStore(store: BackgroundStore, key: string, w: number, h: number) {
  try {
    const png = await store.get(key);
    if (!png) return undefined;
    const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    if (info.width !== w || info.height !== h) return undefined;
    catalogueStats.fromStore++;
    return data;
  } catch {
    // A cache: a missing or unreadable object is drawn again.
    catalogueStats.storeErrors++;
    return undefined;
  }
}

/** Encodes and uploads after the render has what it needs; a failure only costs the next process a redraw. */
async function toStore(store: BackgroundStore, key: string, pixels: Buffer, w: number, h: number) {
  try {
    const png = await sharp(pixels, { raw: { width: w, height: h, channels: 4 } })
      .removeAlpha()
      .png({ compressionLevel: 2, adaptiveFiltering: false })
      .toBuffer();
    await store.put(key, png);
  } catch {
    catalogueStats.storeErrors++;
  }
}
