/**
 * @module backgrounds/render
 * A catalogue background drawn at an exact size, optionally tinted, and its thumbnail. Pure and
 * synchronous apart from the thumbnail's encode; callers cache (compose keeps raw pixels per
 * size, the thumbnail route keeps the encoded image).
 */
import sharp from 'sharp';
import { type CatalogueEntry, GENERATOR_VERSION } from './catalogue.ts';
import { hexLab, labLch, tintPalette } from './color.ts';
import { GENERATORS } from './generators/index.ts';
import { sizeOf } from './paint.ts';

/** The palette a background is drawn in: its own, or re-coloured to `tint`. */
export const paletteOf = (entry: CatalogueEntry, tint?: readonly string[]): string[] =>
  tint?.length ? tintPalette(entry.palette, tint) : entry.palette;

/** Raw RGBA pixels, `width` × `height`, opaque. Same entry, size and tint → same bytes. */
export function drawBackground(
  entry: CatalogueEntry,
  width: number,
  height: number,
  tint?: readonly string[],
): Buffer {
  return GENERATORS[entry.type].draw({
    params: entry.params,
    palette: paletteOf(entry, tint),
    size: sizeOf(width, height),
    seed: entry.seed,
  });
}

/** The palette's most colourful colour: what a `glow` shadow takes on this background. */
export function accentOf(palette: readonly string[]): string {
  let best = palette[1] ?? palette[0]!;
  let chroma = -1;
  for (const hex of palette) {
    const [, c] = labLch(hexLab(hex));
    if (c > chroma) {
      chroma = c;
      best = hex;
    }
  }
  return best;
}

export const THUMBNAIL = { width: 480, height: 320 } as const;

export interface Thumbnail {
  body: Buffer;
  contentType: 'image/webp';
  /** Strong ETag: the background's version (what it draws) and the thumbnail's own format. */
  etag: string;
}

const THUMBNAIL_FORMAT = `webp-q80-${THUMBNAIL.width}x${THUMBNAIL.height}-g${GENERATOR_VERSION}`;

export const thumbnailEtag = (entry: CatalogueEntry) => `"${entry.version}-${THUMBNAIL_FORMAT}"`;

export async function renderThumbnail(entry: CatalogueEntry): Promise<Thumbnail> {
  const { width, height } = THUMBNAIL;
  const body = await sharp(drawBackground(entry, width, height), { raw: { width, height, channels: 4 } })
    .removeAlpha()
    .webp({ quality: 80, effort: 4 })
    .toBuffer();
  return { body, contentType: 'image/webp', etag: thumbnailEtag(entry) };
}
