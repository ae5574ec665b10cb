/**
 * @module understand/brand-colors
 * Colour arithmetic for `brand.ts`: RGB ↔ HSL, WCAG luminance, RGB distance and hue gaps, and
 * `colorOf`, which reads a colour the way custom properties hold it — any CSS colour, `oklch()`,
 * or the bare HSL and `-rgb` channel triples design systems keep for composing alphas — plus
 * `isBrandish`, the test that rules out greys, near-black and near-white.
 */
import { parseColor, type RGBA, toHex } from '../css/color.ts';

export type RGB = Pick<RGBA, 'r' | 'g' | 'b'>;
export interface Hsl {
  h: number;
  s: number;
  l: number;
}

export function toHsl({ r, g, b }: RGB): Hsl {
  const [R, G, B] = [r / 255, g / 255, b / 255];
  const max = Math.max(R, G, B);
  const min = Math.min(R, G, B);
  const l = (max + min) / 2;
  const d = max - min;
  if (d === 0) return { h: 0, s: 0, l };
  const s = d / (1 - Math.abs(2 * l - 1));
  const h = max === R ? ((G - B) / d + 6) % 6 : max === G ? (B - R) / d + 2 : (R - G) / d + 4;
  return { h: h * 60, s, l };
}

/** `#rrggbb` of an HSL colour (hue in degrees, any value; s and l clamped to 0–1). */
export function hslHex(h: number, s: number, l: number): string {
  const hue = ((h % 360) + 360) % 360;
  const sat = Math.min(1, Math.max(0, s));
  const lig = Math.min(1, Math.max(0, l));
  const k = (n: number) => (n + hue / 30) % 12;
  const a = sat * Math.min(lig, 1 - lig);
  const f = (n: number) => lig - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return toHex({ r: Math.round(f(0) * 255), g: Math.round(f(8) * 255), b: Math.round(f(4) * 255), a: 1 });
}

export const hslRgb = ({ h, s, l }: Hsl): RGB => parseColor(hslHex(h, s, l))!;

/** WCAG relative luminance, 0–1. */
export function luminance({ r, g, b }: RGB): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export const distance = (a: RGB, b: RGB) => Math.hypot(a.r - b.r, a.g - b.g, a.b - b.b);

export const hueGap = (a: number, b: number) => {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
};

/** `oklch(L C H)` → sRGB (Tailwind 4 writes its palette this way). */
function oklch(body: string): RGBA | null {
  const [main, alphaPart] = body.split('/').map((s) => s.trim());
  const parts = (main ?? '').split(/\s+/);
  if (parts.length !== 3) return null;
  const L = parts[0]!.endsWith('%') ? Number(parts[0]!.slice(0, -1)) / 100 : Number(parts[0]);
  const C = Number(parts[1]!.replace(/%$/, ''));
  const H = (Number(parts[2]!.replace(/deg$/, '')) * Math.PI) / 180;
  if (![L, C, H].every(Number.isFinite)) return null;
  const [a, b] = [C * Math.cos(H), C * Math.sin(H)];
  const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s = (L - 0.0894841775 * a - 1.291485548 * b) ** 3;
  const lin = [
    4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
    -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
    -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s,
  ];
  const [r, g, bl] = lin.map((c) => {
    const v = c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055;
    return Math.round(Math.min(1, Math.max(0, v)) * 255);
  });
  const alpha =
    alphaPart === undefined ? 1 : Number(alphaPart.replace(/%$/, '')) / (alphaPart.endsWith('%') ? 100 : 1);
  return { r: r!, g: g!, b: bl!, a: Number.isFinite(alpha) ? alpha : 1 };
}

/**
 * A colour as custom properties hold it: any CSS colour, `oklch()`, or the bare channel triples
 * design systems keep for composing alphas (`222 47% 11%` in shadcn, `13, 110, 253` in Bootstrap's `-rgb`).
 */
export function colorOf(value: string): RGBA | null {
  const s = value.trim().toLowerCase();
  const parsed = parseColor(s);
  if (parsed) return parsed;
  const fn = /^oklch\((.*)\)$/.exec(s);
  if (fn) return oklch(fn[1]!);
  if (/^-?[\d.]+(deg)?[\s,]+[\d.]+%[\s,]+[\d.]+%$/.test(s)) return parseColor(`hsl(${s})`);
  if (/^\d{1,3}(\s*,\s*|\s+)\d{1,3}(\s*,\s*|\s+)\d{1,3}$/.test(s)) return parseColor(`rgb(${s})`);
  return null;
}

/** A colour a brand could be: opaque enough, clearly coloured, neither near black nor near white. */
export function isBrandish(c: RGBA): boolean {
  const { s, l } = toHsl(c);
  const chroma = (Math.max(c.r, c.g, c.b) - Math.min(c.r, c.g, c.b)) / 255;
  return c.a >= 0.5 && s >= 0.22 && chroma >= 0.12 && l >= 0.1 && l <= 0.93;
}
