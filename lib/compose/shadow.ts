/**
 * @module compose/shadow
 * The five shadow presets and their overrides, cast from the subject's silhouette (already
 * projected when the camera tilts, so the shadow follows the tilted shape). Large blurs run on a
 * downscaled mask: a shadow has no detail to lose.
 */
import sharp from 'sharp';
import { parseColor, type RGBA } from '../css/color.ts';
import type { CaptureParams } from '../schemas/capture.ts';
import { fromRaster, padRaster, type Raster } from './raster.ts';

export interface ShadowLayer {
  color: RGBA;
  opacity: number;
  /** Gaussian sigma, px. */
  blur: number;
  x: number;
  y: number;
  /** Grows (or shrinks) the silhouette, px. */
  spread: number;
}

const BLACK: RGBA = { r: 8, g: 12, b: 28, a: 1 };

/**
 * The presets, sized relative to the subject's shorter side `s` (px). The first layer is the
 * "key" shadow that the `shadow_*` overrides change.
 */
function preset(name: CaptureParams['shadow'], s: number, glow: RGBA): ShadowLayer[] {
  switch (name) {
    case 'none':
      return [];
    case 'soft':
      return [
        { color: BLACK, opacity: 0.38, blur: 0.045 * s, x: 0, y: 0.035 * s, spread: 0 },
        { color: BLACK, opacity: 0.18, blur: 0.006 * s, x: 0, y: 0.004 * s, spread: 0 },
      ];
    case 'hard':
      return [{ color: BLACK, opacity: 0.55, blur: 0.004 * s, x: 0.022 * s, y: 0.03 * s, spread: 0 }];
    case 'glow':
      return [
        { color: glow, opacity: 0.75, blur: 0.07 * s, x: 0, y: 0, spread: 0.012 * s },
        { color: glow, opacity: 0.35, blur: 0.16 * s, x: 0, y: 0, spread: 0.02 * s },
      ];
    case 'float':
      return [
        { color: BLACK, opacity: 0.34, blur: 0.06 * s, x: 0, y: 0.11 * s, spread: -0.035 * s },
        { color: BLACK, opacity: 0.16, blur: 0.012 * s, x: 0, y: 0.012 * s, spread: 0 },
      ];
  }
}

/** Preset layers with the `shadow_*` overrides (canvas px × `unit`) applied to the key layer. */
export function resolveShadow(
  p: CaptureParams,
  subjectShortSide: number,
  unit: number,
  glow: RGBA,
): ShadowLayer[] {
  const layers = preset(p.shadow, subjectShortSide, glow);
  const key = layers[0];
  if (!key) return layers;
  const color = p.shadow_color ? parseColor(p.shadow_color) : null;
  if (color) {
    key.color = { ...color, a: 1 };
    key.opacity *= color.a;
  }
  // `shadow_blur` reads like CSS box-shadow blur: a radius, i.e. about two sigmas.
  if (p.shadow_blur !== undefined) key.blur = (p.shadow_blur * unit) / 2;
  if (p.shadow_offset_x !== undefined) key.x = p.shadow_offset_x * unit;
  if (p.shadow_offset_y !== undefined) key.y = p.shadow_offset_y * unit;
  if (p.shadow_spread !== undefined) key.spread = p.shadow_spread * unit;
  if (p.shadow_opacity !== undefined) key.opacity = p.shadow_opacity;
  return layers;
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf). */
function phi(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp((-x * x) / 2);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

/** Inverse of `phi` by bisection (used once per LUT entry). */
function phiInv(p: number): number {
  let lo = -8;
  let hi = 8;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (phi(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * A blurred edge is Φ(x/σ); growing the shape by `spread` shifts it to Φ(x/σ + spread/σ). On the
 * blurred mask that is a per-value curve, exact for straight edges.
 */
function spreadCurve(spread: number, sigma: number, opacity: number): Uint8Array {
  const lut = new Uint8Array(256);
  const shift = spread / sigma;
  for (let v = 0; v < 256; v++) {
    const p = Math.min(0.9999, Math.max(0.0001, v / 255));
    const grown = v === 0 && shift <= 0 ? 0 : phi(phiInv(p) + shift);
    lut[v] = Math.round(Math.min(1, grown) * opacity * 255);
  }
  return lut;
}

/** A shadow layer as an RGBA raster placed at (left, top) on the canvas. */
export interface PlacedRaster {
  raster: Raster;
  left: number;
  top: number;
}

/**
 * Renders one shadow layer from `mask` (one channel, placed at `at` on the canvas).
 */
export async function castShadow(
  mask: Raster,
  at: { x: number; y: number },
  s: ShadowLayer,
): Promise<PlacedRaster> {
  const sigma = Math.max(0.4, s.blur, Math.abs(s.spread) / 2);
  const pad = Math.ceil(3 * sigma + Math.max(0, s.spread)) + 2;
  const w = mask.width + 2 * pad;
  const h = mask.height + 2 * pad;
  const k = Math.max(1, Math.floor(sigma / 3));
  const padded = fromRaster(padRaster(mask, pad));
  let blurred: Buffer;
  if (k > 1) {
    // sharp resizes before it blurs within one pipeline: downscale + blur here, upscale in a second pass.
    const small = await padded
      .resize(Math.ceil(w / k), Math.ceil(h / k), { kernel: 'linear' })
      .blur(Math.max(0.3, sigma / k))
      .extractChannel(0)
      .raw()
      .toBuffer({ resolveWithObject: true });
    blurred = await sharp(small.data, {
      raw: { width: small.info.width, height: small.info.height, channels: 1 },
    })
      .resize(w, h, { kernel: 'linear' })
      .extractChannel(0)
      .raw()
      .toBuffer();
  } else {
    blurred = await padded.blur(Math.max(0.3, sigma)).extractChannel(0).raw().toBuffer();
  }
  const curve = spreadCurve(s.spread, sigma, s.opacity * s.color.a);
  const out = Buffer.allocUnsafe(w * h * 4);
  for (let i = 0, j = 0; i < w * h; i++, j += 4) {
    out[j] = s.color.r;
    out[j + 1] = s.color.g;
    out[j + 2] = s.color.b;
    out[j + 3] = curve[blurred[i]!]!;
  }
  return {
    raster: { data: out, width: w, height: h, channels: 4 },
    left: at.x - pad + s.x,
    top: at.y - pad + s.y,
  };
}
