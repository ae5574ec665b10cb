/**
 * @module compose/depth-blur
 * Depth of field on the composed scene: a focus mask per type (`dir` from one edge, `radial` around
 * a point, `tilt` a tilt-shift band, `lens` around the device) blends the sharp scene with a
 * medium and a strong blur, so the falloff is gradual.
 */
import sharp from 'sharp';
import type { CaptureParams } from '../schemas/capture.ts';
import type { Rect } from './devices/spec.ts';
import { fromRaster, type Raster } from './raster.ts';

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
 * - `tilt`: a sharp band through `depth_blur_position` (0.5), `depth_blur_band` (0.3) wide, rotated by
 *   `depth_blur_angle` (0 = horizontal), fading out over `depth_blur_width` (0.25).
 * - `radial`: a sharp disc of diameter `depth_blur_band` (0.45, of the diagonal) centred at
 *   `depth_blur_position` (0.5) of the height, fading over `depth_blur_width` (0.4).
 * - `lens`: like radial but an ellipse fitted to the device, so the device stays sharp.
 */
export function focusMask(p: CaptureParams, w: number, h: number, subject: Rect): Float32Array {
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
    const width = p.depth_blur_width ?? (type === 'dir' ? 0.4 : 0.25);
    const band = p.depth_blur_band ?? 0.3;
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
  const width = p.depth_blur_width ?? 0.4;
  let cx = w / 2;
  let cy = (p.depth_blur_position ?? 0.5) * h;
  let rx = ((p.depth_blur_band ?? 0.45) * diag) / 2;
  let ry = rx;
  let fade = width * diag * 0.5;
  if (type === 'lens') {
    cx = subject.x + subject.width / 2;
    cy = subject.y + subject.height / 2;
    const grow = 1 + (p.depth_blur_band ?? 0.05);
    rx = Math.max(1, (subject.width / 2) * Math.SQRT2 * grow * 0.8);
    ry = Math.max(1, (subject.height / 2) * Math.SQRT2 * grow * 0.8);
    fade = width * Math.max(rx, ry);
  }
  for (let y = 0; y < h; y++) {
    const dy = (y + 0.5 - cy) / ry;
    for (let x = 0; x < w; x++) {
      const dx = (x + 0.5 - cx) / rx;
      const r = Math.sqrt(dx * dx + dy * dy);
      const outside = (r - 1) * Math.min(rx, ry);
      const t = smoothstep(0, fade, outside);
      m[y * w + x] = type === 'lens' ? t * t : t;
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

/** Applies `depth_blur` to the scene in place. `subject` is the device's box on the canvas (for `lens`). */
export async function applyDepthBlur(scene: Raster, p: CaptureParams, subject: Rect): Promise<void> {
  const base = Math.min(scene.width, scene.height);
  const sigma = (p.depth_blur * base) / 1100;
  if (sigma < 0.3) return;
  const [mid, far] = await Promise.all([blurred(scene, sigma / 2.5), blurred(scene, sigma)]);
  const mask = focusMask(p, scene.width, scene.height, subject);
  const d = scene.data;
  for (let i = 0, j = 0; i < mask.length; i++, j += 4) {
    const t = mask[i]!;
    if (t <= 0.002) continue;
    const [a, b, u] = t < 0.5 ? [d, mid, t * 2] : [mid, far, t * 2 - 1];
    for (let c = 0; c < 4; c++) d[j + c] = (a[j + c]! + (b[j + c]! - a[j + c]!) * u + 0.5) | 0;
  }
}
