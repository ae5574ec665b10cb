/**
 * @module backgrounds/color
 * Colour for generated backgrounds: hex ↔ sRGB floats ↔ Oklab/Oklch. Colour fields are mixed in
 * Oklab, where a blend of two hues passes through their perceptual middle instead of a muddy grey,
 * and tinting keeps each colour's Oklab lightness so a tinted background keeps its light or dark
 * structure.
 */
import { parseColor } from '../css/color.ts';

/** sRGB, 0–1 per channel. */
export type Rgb = [number, number, number];
/** Oklab: L 0–1, a and b roughly −0.4–0.4. */
export type Lab = [number, number, number];

export function hexRgb(hex: string): Rgb {
  const c = parseColor(hex);
  if (!c) throw new Error(`not a colour: ${hex}`);
  return [c.r / 255, c.g / 255, c.b / 255];
}

export function rgbHex([r, g, b]: Rgb): string {
  const h = (v: number) =>
    Math.round(Math.min(1, Math.max(0, v)) * 255)
      .toString(16)
      .padStart(2, '0');
  return `#${h(r)}${h(g)}${h(b)}`;
}

const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const gamma = (c: number) => (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);
/** Linear → sRGB through a table (a fractional power per channel is the slow part of drawing a field). */
const GAMMA_STEPS = 4096;
const GAMMA = Float32Array.from({ length: GAMMA_STEPS + 2 }, (_, i) => gamma(Math.min(1, i / GAMMA_STEPS)));
function toGamma(c: number): number {
  if (c <= 0) return 0;
  if (c >= 1) return 1;
  const f = c * GAMMA_STEPS;
  const i = f | 0;
  return GAMMA[i]! + (GAMMA[i + 1]! - GAMMA[i]!) * (f - i);
}

export function rgbLab([r, g, b]: Rgb): Lab {
  const lr = toLinear(r);
  const lg = toLinear(g);
  const lb = toLinear(b);
  const l = Math.cbrt(0.4122214708 * lr + 0.5363325363 * lg + 0.0514459929 * lb);
  const m = Math.cbrt(0.2119034982 * lr + 0.6806995451 * lg + 0.1073969566 * lb);
  const s = Math.cbrt(0.0883024619 * lr + 0.2817188376 * lg + 0.6299787005 * lb);
  return [
    0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  ];
}

/** Linear-light sRGB of an Oklab colour, unclamped (outside 0–1 when it is out of gamut). */
function labLinear([L, a, b]: Lab): Rgb {
  const l_ = L + 0.3963377774 * a + 0.2158037573 * b;
  const m_ = L - 0.1055613458 * a - 0.0638541728 * b;
  const s_ = L - 0.0894841775 * a - 1.291485548 * b;
  const l = l_ * l_ * l_;
  const m = m_ * m_ * m_;
  const s = s_ * s_ * s_;
  return [
    4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
    -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
    -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s,
  ];
}

const inGamut = (lab: Lab) => labLinear(lab).every((c) => c >= -1e-4 && c <= 1 + 1e-4);

/**
 * The colour of lightness L and hue h with the most chroma up to `chroma` that sRGB can show:
 * lowering chroma keeps lightness and hue, where clamping channels would change both.
 */
export function inGamutLch(L: number, chroma: number, h: number): Lab {
  if (inGamut(lchLab([L, chroma, h]))) return lchLab([L, chroma, h]);
  let lo = 0;
  let hi = chroma;
  for (let i = 0; i < 20; i++) {
    const mid = (lo + hi) / 2;
    if (inGamut(lchLab([L, mid, h]))) lo = mid;
    else hi = mid;
  }
  return lchLab([L, lo, h]);
}

export function labRgb(lab: Lab): Rgb {
  const [r, g, b] = labLinear(lab);
  return [toGamma(r), toGamma(g), toGamma(b)];
}

export const hexLab = (hex: string): Lab => rgbLab(hexRgb(hex));
export const labHex = (lab: Lab): string => rgbHex(labRgb(lab));

/** Oklch: lightness, chroma, hue in degrees. */
export function labLch([L, a, b]: Lab): [number, number, number] {
  return [L, Math.hypot(a, b), ((Math.atan2(b, a) * 180) / Math.PI + 360) % 360];
}

export function lchLab([L, C, h]: [number, number, number]): Lab {
  const r = (h * Math.PI) / 180;
  return [L, C * Math.cos(r), C * Math.sin(r)];
}

/** Perceived lightness 0–1 (Oklab L) of a hex colour. */
export const lightness = (hex: string) => hexLab(hex)[0];

/**
 * The palette re-coloured to the tint: each colour keeps its Oklab lightness (so the background's
 * light/dark structure and contrast stay) and takes the hue of a tint colour, in turn. Chroma
 * follows the tint: a grey tint gives a monochrome background, a vivid one a vivid background —
 * as vivid as sRGB allows at that lightness (chroma is lowered into gamut, never clamped, so
 * lightness and hue hold).
 */
export function tintPalette(palette: readonly string[], tint: readonly string[]): string[] {
  if (!tint.length) return [...palette];
  const tints = tint.map((t) => labLch(hexLab(t)));
  const chromaOfPalette = Math.max(0.02, ...palette.map((p) => labLch(hexLab(p))[1]));
  return palette.map((hex, i) => {
    const [L, C] = labLch(hexLab(hex));
    const [, tc, th] = tints[i % tints.length]!;
    // Relative chroma: the palette's most colourful colour gets the tint's chroma.
    const chroma = Math.min(0.32, (C / chromaOfPalette) * Math.max(tc, 0.005));
    return labHex(inGamutLch(L, chroma, th));
  });
}
