/**
 * @module compose/raster
 * Raw RGBA buffers and the few pixel operations sharp has no primitive for: anti-aliased
 * rounded-rectangle coverage (screen clipping, silhouettes) and premultiplication.
 */
import sharp, { type OverlayOptions, type Sharp } from 'sharp';
import type { Radii, Rect } from './devices/spec.ts';

/** Raw pixels; `channels` 4 (RGBA, not premultiplied) unless said otherwise. */
export interface Raster {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 4;
}

export const rasterBytes = (r: Raster) => r.data.length;

/** A sharp pipeline reading a raster. */
export const fromRaster = (r: Raster) =>
  sharp(r.data, { raw: { width: r.width, height: r.height, channels: r.channels } });

/** Runs a sharp pipeline to a raster. */
export async function toRaster(img: Sharp): Promise<Raster> {
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels as 1 | 4 };
}

/**
 * Draws RGBA `src` over RGBA `dst` (both not premultiplied) with its top-left at (left, top),
 * in place: sharp's `over`, for small layers on a large raster without a pass over all of it.
 */
export function drawOver(dst: Raster, src: Raster, left: number, top: number): void {
  const x0 = Math.max(0, left);
  const y0 = Math.max(0, top);
  const x1 = Math.min(dst.width, left + src.width);
  const y1 = Math.min(dst.height, top + src.height);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const s = ((y - top) * src.width + (x - left)) * 4;
      const sa = src.data[s + 3]! / 255;
      if (sa === 0) continue;
      const d = (y * dst.width + x) * 4;
      const da = (dst.data[d + 3]! / 255) * (1 - sa);
      const a = sa + da;
      for (let c = 0; c < 3; c++)
        dst.data[d + c] = Math.round((src.data[s + c]! * sa + dst.data[d + c]! * da) / a);
      dst.data[d + 3] = Math.round(a * 255);
    }
  }
}

/** Composite input for a raster placed at (left, top). */
export const layer = (r: Raster, left: number, top: number): OverlayOptions => ({
  input: r.data,
  raw: { width: r.width, height: r.height, channels: r.channels },
  left: Math.round(left),
  top: Math.round(top),
});

/**
 * Coverage (0–1) of pixel (px, py) — its centre at +0.5 — by a rounded rectangle, with a one-pixel
 * anti-aliased edge.
 */
export function coverage(px: number, py: number, r: Rect, radii: Radii): number {
  const x = px + 0.5;
  const y = py + 0.5;
  const left = x - r.x;
  const right = r.x + r.width - x;
  const top = y - r.y;
  const bottom = r.y + r.height - y;
  let d = Math.min(left, right, top, bottom);
  const rad = left < right ? (top < bottom ? radii[0] : radii[3]) : top < bottom ? radii[1] : radii[2];
  if (rad > 0) {
    const dx = rad - Math.min(left, right);
    const dy = rad - Math.min(top, bottom);
    if (dx > 0 && dy > 0) d = rad - Math.hypot(dx, dy);
  }
  return d >= 0.5 ? 1 : d <= -0.5 ? 0 : d + 0.5;
}

/**
 * Multiplies the alpha of the pixels of `img` (placed with its top-left at `origin`) by their coverage
 * of the rounded rectangle; only the corner squares and edges are visited.
 */
export function clipRoundedRect(img: Raster, origin: { x: number; y: number }, r: Rect, radii: Radii): void {
  const { width: w, height: h, data } = img;
  const visit = (x0: number, y0: number, x1: number, y1: number) => {
    for (let y = Math.max(0, y0); y < Math.min(h, y1); y++) {
      for (let x = Math.max(0, x0); x < Math.min(w, x1); x++) {
        const c = coverage(x + origin.x, y + origin.y, r, radii);
        if (c < 1) {
          const i = (y * w + x) * 4 + 3;
          data[i] = Math.round(data[i]! * c);
        }
      }
    }
  };
  const rx0 = Math.floor(r.x - origin.x) - 1;
  const ry0 = Math.floor(r.y - origin.y) - 1;
  const rx1 = Math.ceil(r.x + r.width - origin.x) + 1;
  const ry1 = Math.ceil(r.y + r.height - origin.y) + 1;
  // Everything outside the rectangle, then its four corner squares and edge lines.
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (y >= ry0 + 2 && y < ry1 - 2 && x >= rx0 + 2 && x < rx1 - 2) x = rx1 - 3;
      else if (y < ry0 || y >= ry1 || x < rx0 || x >= rx1) data[(y * w + x) * 4 + 3] = 0;
    }
  }
  const [tl, tr, br, bl] = radii.map((v) => Math.ceil(v) + 2);
  visit(rx0, ry0, rx0 + tl!, ry0 + tl!);
  visit(rx1 - tr!, ry0, rx1, ry0 + tr!);
  visit(rx1 - br!, ry1 - br!, rx1, ry1);
  visit(rx0, ry1 - bl!, rx0 + bl!, ry1);
  visit(rx0, ry0, rx1, ry0 + 2);
  visit(rx0, ry1 - 2, rx1, ry1);
  visit(rx0, ry0, rx0 + 2, ry1);
  visit(rx1 - 2, ry0, rx1, ry1);
}

/** Fills a rounded rectangle into a one-channel mask with max(). */
export function fillRoundedRect(mask: Raster, r: Rect, radii: Radii): void {
  const x0 = Math.max(0, Math.floor(r.x));
  const y0 = Math.max(0, Math.floor(r.y));
  const x1 = Math.min(mask.width, Math.ceil(r.x + r.width));
  const y1 = Math.min(mask.height, Math.ceil(r.y + r.height));
  const inner = Math.max(...radii) + 2;
  for (let y = y0; y < y1; y++) {
    const nearEdgeY = y < y0 + inner || y >= y1 - inner;
    for (let x = x0; x < x1; x++) {
      const nearEdge = nearEdgeY || x < x0 + 2 || x >= x1 - 2;
      const c = nearEdge ? coverage(x, y, r, radii) : 1;
      const i = y * mask.width + x;
      const v = Math.round(c * 255);
      if (v > mask.data[i]!) mask.data[i] = v;
    }
  }
}

/** The alpha channel of an RGBA raster as a one-channel raster. */
export function alphaOf(img: Raster): Raster {
  const out = Buffer.allocUnsafe(img.width * img.height);
  for (let i = 0, j = 3; i < out.length; i++, j += 4) out[i] = img.data[j]!;
  return { data: out, width: img.width, height: img.height, channels: 1 };
}

/**
 * Composite input for `r` placed at (left, top) on a `w`×`h` canvas, cropped to the canvas
 * (sharp refuses overlays that stick out); null when nothing of it is visible.
 */
export function clippedLayer(
  r: Raster,
  left: number,
  top: number,
  w: number,
  h: number,
): OverlayOptions | null {
  const l = Math.round(left);
  const t = Math.round(top);
  const x0 = Math.max(0, -l);
  const y0 = Math.max(0, -t);
  const x1 = Math.min(r.width, w - l);
  const y1 = Math.min(r.height, h - t);
  if (x1 <= x0 || y1 <= y0) return null;
  if (x0 === 0 && y0 === 0 && x1 === r.width && y1 === r.height) return layer(r, l, t);
  return layer(crop(r, { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }), l + x0, t + y0);
}

/** A copy of the `rect` part of `r` (in bounds). Unlike sharp's extract, keeps one-channel rasters one-channel. */
export function crop(r: Raster, rect: Rect): Raster {
  const bpp = r.channels;
  const out = Buffer.allocUnsafe(rect.width * rect.height * bpp);
  for (let y = 0; y < rect.height; y++) {
    const from = ((y + rect.y) * r.width + rect.x) * bpp;
    r.data.copy(out, y * rect.width * bpp, from, from + rect.width * bpp);
  }
  return { data: out, width: rect.width, height: rect.height, channels: r.channels };
}

/** `r` with a transparent (zero) border of `pad` px on every side. */
export function padRaster(r: Raster, pad: number): Raster {
  const w = r.width + 2 * pad;
  const h = r.height + 2 * pad;
  const bpp = r.channels;
  const out = Buffer.alloc(w * h * bpp);
  for (let y = 0; y < r.height; y++) {
    r.data.copy(out, ((y + pad) * w + pad) * bpp, y * r.width * bpp, (y + 1) * r.width * bpp);
  }
  return { data: out, width: w, height: h, channels: r.channels };
}
