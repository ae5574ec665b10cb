/**
 * @module compose/warp
 * The projective warp: every destination pixel inside the projected quad is mapped back through the
 * inverse homography and sampled bilinearly from the source (premultiplied, so edges fade into
 * transparency without dark fringes). Rows are walked incrementally: two adds and a divide per pixel.
 */
import type { Raster } from './raster.ts';

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Integer destination box of a quad, clipped to the canvas. */
export function quadBox(quad: [number, number][], w: number, h: number): Box {
  const xs = quad.map((p) => p[0]);
  const ys = quad.map((p) => p[1]);
  return {
    x0: Math.max(0, Math.floor(Math.min(...xs)) - 1),
    y0: Math.max(0, Math.floor(Math.min(...ys)) - 1),
    x1: Math.min(w, Math.ceil(Math.max(...xs)) + 1),
    y1: Math.min(h, Math.ceil(Math.max(...ys)) + 1),
  };
}

/**
 * Draws `src` (RGBA) over `dst` (RGBA, same layout) through `inv` (destination → source pixel
 * coordinates), within `box`. One tight per-pixel loop, inlined on purpose: it runs for every
 * pixel of a warped render, and a call per pixel or per tap would cost more than the work.
 */
export function warpOver(dst: Raster, src: Raster, inv: number[], box: Box): void {
  const sw = src.width;
  const sh = src.height;
  const s = src.data;
  const d = dst.data;
  const dw = dst.width;
  const [a, b, c, e, f, g, p, q, r] = inv as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  for (let y = box.y0; y < box.y1; y++) {
    const cy = y + 0.5;
    let nu = a * (box.x0 + 0.5) + b * cy + c;
    let nv = e * (box.x0 + 0.5) + f * cy + g;
    let nw = p * (box.x0 + 0.5) + q * cy + r;
    for (let x = box.x0; x < box.x1; x++, nu += a, nv += e, nw += p) {
      const iw = 1 / nw;
      const u = nu * iw - 0.5;
      const v = nv * iw - 0.5;
      if (u <= -1 || v <= -1 || u >= sw || v >= sh) continue;
      const x0 = Math.floor(u);
      const y0 = Math.floor(v);
      const fx = u - x0;
      const fy = v - y0;
      const j = (y * dw + x) * 4;
      if (x0 >= 0 && y0 >= 0 && x0 + 1 < sw && y0 + 1 < sh) {
        const i00 = (y0 * sw + x0) * 4;
        const i01 = i00 + 4;
        const i10 = i00 + sw * 4;
        const i11 = i10 + 4;
        const w00 = (1 - fx) * (1 - fy);
        const w01 = fx * (1 - fy);
        const w10 = (1 - fx) * fy;
        const w11 = fx * fy;
        if (s[i00 + 3]! === 255 && s[i01 + 3]! === 255 && s[i10 + 3]! === 255 && s[i11 + 3]! === 255) {
          // Opaque neighbourhood (most of the screen): plain bilinear, the result replaces the background.
          d[j] = (s[i00]! * w00 + s[i01]! * w01 + s[i10]! * w10 + s[i11]! * w11 + 0.5) | 0;
          d[j + 1] =
            (s[i00 + 1]! * w00 + s[i01 + 1]! * w01 + s[i10 + 1]! * w10 + s[i11 + 1]! * w11 + 0.5) | 0;
          d[j + 2] =
            (s[i00 + 2]! * w00 + s[i01 + 2]! * w01 + s[i10 + 2]! * w10 + s[i11 + 2]! * w11 + 0.5) | 0;
          d[j + 3] = 255;
          continue;
        }
      }
      let R = 0;
      let G = 0;
      let B = 0;
      let A = 0;
      // Four taps, premultiplied; out-of-range taps are transparent.
      for (let t = 0; t < 4; t++) {
        const tx = x0 + (t & 1);
        const ty = y0 + (t >> 1);
        if (tx < 0 || ty < 0 || tx >= sw || ty >= sh) continue;
        const wgt = (t & 1 ? fx : 1 - fx) * (t >> 1 ? fy : 1 - fy);
        const i = (ty * sw + tx) * 4;
        const al = s[i + 3]! * wgt;
        R += s[i]! * al;
        G += s[i + 1]! * al;
        B += s[i + 2]! * al;
        A += al;
      }
      if (A < 0.5) continue;
      // Source-over onto the (straight-alpha) destination.
      const sa = A / 255;
      const da = (d[j + 3]! / 255) * (1 - sa);
      const oa = sa + da;
      const k = 1 / (255 * oa);
      const kd = da / oa;
      d[j] = (R * k + d[j]! * kd + 0.5) | 0;
      d[j + 1] = (G * k + d[j + 1]! * kd + 0.5) | 0;
      d[j + 2] = (B * k + d[j + 2]! * kd + 0.5) | 0;
      d[j + 3] = (oa * 255 + 0.5) | 0;
    }
  }
}

/** Warps a one-channel mask into a new `w`×`h` mask (zero outside the quad). */
export function warpMask(src: Raster, inv: number[], box: Box, w: number, h: number): Raster {
  const out: Raster = { data: Buffer.alloc(w * h), width: w, height: h, channels: 1 };
  const sw = src.width;
  const sh = src.height;
  const s = src.data;
  const [a, b, c, e, f, g, p, q, r] = inv as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  for (let y = box.y0; y < box.y1; y++) {
    const cy = y + 0.5;
    let nu = a * (box.x0 + 0.5) + b * cy + c;
    let nv = e * (box.x0 + 0.5) + f * cy + g;
    let nw = p * (box.x0 + 0.5) + q * cy + r;
    for (let x = box.x0; x < box.x1; x++, nu += a, nv += e, nw += p) {
      const u = nu / nw - 0.5;
      const v = nv / nw - 0.5;
      if (u <= -1 || v <= -1 || u >= sw || v >= sh) continue;
      const x0 = Math.floor(u);
      const y0 = Math.floor(v);
      const fx = u - x0;
      const fy = v - y0;
      let acc = 0;
      for (let t = 0; t < 4; t++) {
        const tx = x0 + (t & 1);
        const ty = y0 + (t >> 1);
        if (tx < 0 || ty < 0 || tx >= sw || ty >= sh) continue;
        acc += s[ty * sw + tx]! * (t & 1 ? fx : 1 - fx) * (t >> 1 ? fy : 1 - fy);
      }
      out.data[y * w + x] = (acc + 0.5) | 0;
    }
  }
  return out;
}
