/**
 * @module compose/depth-blur
 * Depth of field on the composed scene: a focus mask per type (`dir` from one edge, `radial` around
 * a point, `tilt` a tilt-shift band, `lens` around the device) blends the sharp scene with a
 * medium and a strong blur, so the falloff is gradual.
 */
import sharp from 'sharp';
import type { CaptureParams } from '../schemas/capture.ts';
import { invert3 } from './camera.ts';
import type { Placement } from './canvas.ts';
import { fromRaster, type Raster } from './raster.ts';

/** The placed subject's coverage on the canvas (one channel, its top-left at x, y). */
export interface SubjectMask {
  mask: Raster;
  x: number;
  y: number;
}

const smoothstep = (a: number, b: number, x: number) => {
  if (b <= a) return x < a ? 0 : 1;
  const t = Math.min(1, Math.max(0, (x - a) / (b - a)));
  return t * t * (3 - 2 * t);
};

const DIRECTION_ANGLE = { top: 0, right: 90, bottom: 180, left: 270 } as const;

/**
 * How out of focus each pixel is (0 sharp – 1 fully blurred), per `depth_blur_type`:
 * - `dir`: blur grows towards `depth_blur_direction` (or `depth_blur_angle`, 0 = top, clockwise),
 *   from `depth_blur_position` (0.45) over `depth_blur_width` (0.4) of the canvas.
 * - `tilt`: a sharp band through `depth_blur_position` (0.5), `depth_blur_band` (0.36) wide, rotated by
 *   `depth_blur_angle` (0 = horizontal), fading out over `depth_blur_width` (0.3).
 * - `radial`: a sharp disc of diameter `depth_blur_band` (0.45, of the diagonal) centred at
 *   `depth_blur_position` (0.5) of the height, fading over `depth_blur_width` (0.4).
 * - `lens`: depth of field from the 3D camera, see `lensMask`.
 */
export function focusMask(
  p: CaptureParams,
  w: number,
  h: number,
  subject: SubjectMask,
  placement: Placement,
): Float32Array {
  const m = new Float32Array(w * h);
  const type = p.depth_blur_type;
  const diag = Math.hypot(w, h);
  if (type === 'dir' || type === 'tilt') {
    const deg = p.depth_blur_angle ?? (type === 'dir' ? DIRECTION_ANGLE[p.depth_blur_direction] : 0);
    const rad = (deg * Math.PI) / 180;
    // Unit axis pointing towards the blurred edge (dir) or across the band (tilt).
    const ax = Math.sin(rad);
    const ay = -Math.cos(rad);
    const extent = Math.abs(w * ax) + Math.abs(h * ay);
    const pos = p.depth_blur_position ?? (type === 'dir' ? 0.45 : 0.5);
    const width = p.depth_blur_width ?? (type === 'dir' ? 0.4 : 0.3);
    const band = p.depth_blur_band ?? 0.36;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const t = ((x + 0.5 - w / 2) * ax + (y + 0.5 - h / 2) * ay) / extent + 0.5;
        m[y * w + x] =
          type === 'dir'
            ? smoothstep(pos, pos + width, t)
            : smoothstep(band / 2, band / 2 + width, Math.abs(t - pos));
      }
    }
    return m;
  }
  if (type === 'lens') return lensMask(p, w, h, subject, placement);
  const width = p.depth_blur_width ?? 0.4;
  const cx = w / 2;
  const cy = (p.depth_blur_position ?? 0.5) * h;
  const r0 = ((p.depth_blur_band ?? 0.45) * diag) / 2;
  const fade = width * diag * 0.5;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const r = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
      m[y * w + x] = smoothstep(r0, r0 + fade, r);
    }
  }
  return m;
}

/**
 * A camera's depth of field: the background (at infinity) is fully out of focus; on the device,
 * blur grows with the distance from the focal plane, which sits at `depth_blur_position` (0.5) of
 * the device's depth range (0 nearest, 1 farthest), `depth_blur_band` (0.25) deep, fading over
 * `depth_blur_width` (0.5). A device facing the camera is sharp all over.
 */
function lensMask(p: CaptureParams, w: number, h: number, subject: SubjectMask, pl: Placement): Float32Array {
  const m = new Float32Array(w * h).fill(1);
  const focus = p.depth_blur_position ?? 0.5;
  const band = (p.depth_blur_band ?? 0.25) / 2;
  const fade = p.depth_blur_width ?? 0.5;
  const inv = invert3(pl.H);
  const [dTL, dTR, dBR, dBL] = pl.depth as [number, number, number, number];
  const { mask, x: ox, y: oy } = subject;
  for (let my = 0; my < mask.height; my++) {
    const y = my + oy;
    if (y < 0 || y >= h) continue;
    for (let mx = 0; mx < mask.width; mx++) {
      const x = mx + ox;
      const cov = mask.data[my * mask.width + mx]! / 255;
      if (x < 0 || x >= w || cov === 0) continue;
      let blur = 0;
      if (!pl.flat) {
        // Back through the homography to the device plane, where depth is bilinear in the corners.
        const cx = x + 0.5;
        const cy = y + 0.5;
        const nw = inv[6]! * cx + inv[7]! * cy + inv[8]!;
        const u = ((inv[0]! * cx + inv[1]! * cy + inv[2]!) / nw - pl.source.margin) / pl.source.width;
        const v = ((inv[3]! * cx + inv[4]! * cy + inv[5]!) / nw - pl.source.margin) / pl.source.height;
        const fu = Math.min(1, Math.max(0, u));
        const fv = Math.min(1, Math.max(0, v));
        const depth = (dTL * (1 - fu) + dTR * fu) * (1 - fv) + (dBL * (1 - fu) + dBR * fu) * fv;
        blur = smoothstep(band, band + fade, Math.abs(depth - focus));
      }
      m[y * w + x] = cov * blur + (1 - cov);
    }
  }
  return m;
}

async function blurred(img: Raster, sigma: number): Promise<Buffer> {
  const k = Math.max(1, Math.floor(sigma / 4));
  const small = await fromRaster(img)
    .resize(Math.ceil(img.width / k), Math.ceil(img.height / k), { kernel: 'linear' })
    .blur(Math.max(0.3, sigma / k))
    .raw()
    .toBuffer({ resolveWithObject: true });
  return sharp(small.data, { raw: { width: small.info.width, height: small.info.height, channels: 4 } })
    .resize(img.width, img.height, { kernel: 'linear' })
    .raw()
    .toBuffer();
}

/** Applies `depth_blur` to the scene in place; `subject` and `placement` locate the device (for `lens`). */
export async function applyDepthBlur(
  scene: Raster,
  p: CaptureParams,
  subject: SubjectMask,
  placement: Placement,
): Promise<void> {
  const base = Math.min(scene.width, scene.height);
  // depth_blur 50 ≈ a 2.5 % of the shorter side sigma: strong bokeh, still recognisable shapes.
  const sigma = (p.depth_blur * base) / 2000;
  if (sigma < 0.3) return;
  const [mid, far] = await Promise.all([blurred(scene, sigma / 2.5), blurred(scene, sigma)]);
  const mask = focusMask(p, scene.width, scene.height, subject, placement);
  const d = scene.data;
  for (let i = 0, j = 0; i < mask.length; i++, j += 4) {
    const t = mask[i]!;
    if (t <= 0.002) continue;
    const [a, b, u] = t < 0.5 ? [d, mid, t * 2] : [mid, far, t * 2 - 1];
    for (let c = 0; c < 4; c++) d[j + c] = (a[j + c]! + (b[j + c]! - a[j + c]!) * u + 0.5) | 0;
  }
}
