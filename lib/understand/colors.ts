/**
 * @module understand/colors
 * Colour statistics of a screenshot already taken: the PNG is shrunk to a thumbnail (64 px wide),
 * read as raw RGB and counted on a coarse palette (16 levels a channel, each bin remembering the
 * mean of its pixels so the colours reported are the page's, not the palette's). Also the
 * dominant colours inside one region (a logo), without its background.
 */
import sharp, { type Sharp } from 'sharp';
import { type RGBA, toHex } from '../css/color.ts';
import type { Box, ColorStats } from './types.ts';

type RGB = Pick<RGBA, 'r' | 'g' | 'b'>;

/** Thumbnail width: 64 × 40 pixels of a 16:10 page keep a 2 % stripe of colour visible. */
const THUMB_WIDTH = 64;
/** A pixel this saturated, and neither near black nor near white, counts as "colourful". */
const COLORFUL_SATURATION = 0.35;
const COLORFUL_CHROMA = 0.15;
/** A hue sector counts towards `hues` when its strongly coloured pixels cover 1 % of the shot. */
const HUE_SHARE = 0.01;

/** WCAG relative luminance, 0–1. */
export function relativeLuminance({ r, g, b }: RGB): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** HSL saturation and lightness, 0–1. */
export function saturationLightness({ r, g, b }: RGB): { s: number; l: number } {
  const max = Math.max(r, g, b) / 255;
  const min = Math.min(r, g, b) / 255;
  const l = (max + min) / 2;
  const d = max - min;
  return { s: d === 0 ? 0 : d / (1 - Math.abs(2 * l - 1)), l };
}

/** Channel spread, 0–1: how far a colour is from the grey of its lightness. */
const chroma = ({ r, g, b }: RGB): number => (Math.max(r, g, b) - Math.min(r, g, b)) / 255;

/**
 * Strongly coloured: saturated, and neither near black nor near white. HSL saturation alone calls
 * a dark navy (#121933, s 0.48) and an off-white (#fafaf5, s 0.56) vivid; a real channel spread
 * (chroma ≥ 0.15) is what rules both out.
 */
const isColorful = (c: RGB): boolean =>
  chroma(c) >= COLORFUL_CHROMA && saturationLightness(c).s >= COLORFUL_SATURATION;

/** Hue sector (0–11, 30° each) of a colour. */
function hueSector({ r, g, b }: RGB): number {
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d === 0) return 0;
  const h = max === r ? ((g - b) / d + 6) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return Math.floor(h * 2) % 12;
}

/** Pixels counted into 4096 bins (4 bits a channel), each with the sum of its pixels. */
interface Histogram {
  total: number;
  bins: Map<number, { n: number; r: number; g: number; b: number }>;
}

function histogram(data: Buffer, channels: number, include: (i: number) => boolean = () => true): Histogram {
  const bins: Histogram['bins'] = new Map();
  let total = 0;
  for (let i = 0; i + 2 < data.length; i += channels) {
    if (!include(i / channels)) continue;
    const r = data[i]!;
    const g = data[i + 1]!;
    const b = data[i + 2]!;
    const key = ((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4);
    const bin = bins.get(key);
    if (bin) {
      bin.n++;
      bin.r += r;
      bin.g += g;
      bin.b += b;
    } else bins.set(key, { n: 1, r, g, b });
    total++;
  }
  return { total, bins };
}

interface Swatch {
  rgb: RGB;
  share: number;
}

/**
 * Colours by share, most common first; bins whose colours are within `merge` of a bigger one
 * are folded into it (a gradient or anti-aliasing spreads one colour over neighbouring bins).
 * Ties break on the colour's bin key, so the order is deterministic.
 */
function swatches(h: Histogram, merge = 24): Swatch[] {
  const sorted = [...h.bins.entries()]
    .map(([key, b]) => ({ key, n: b.n, rgb: { r: b.r / b.n, g: b.g / b.n, b: b.b / b.n } }))
    .sort((a, b) => b.n - a.n || a.key - b.key);
  const out: { rgb: RGB; n: number }[] = [];
  for (const s of sorted) {
    const near = out.find((o) => distance(o.rgb, s.rgb) <= merge);
    if (near) near.n += s.n;
    else out.push({ rgb: s.rgb, n: s.n });
  }
  return out
    .sort((a, b) => b.n - a.n)
    .map((o) => ({ rgb: round(o.rgb), share: h.total ? o.n / h.total : 0 }));
}

const distance = (a: RGB, b: RGB): number => Math.hypot(a.r - b.r, a.g - b.g, a.b - b.b);
const round = ({ r, g, b }: RGB): RGB => ({ r: Math.round(r), g: Math.round(g), b: Math.round(b) });
const hex = (c: RGB): string => toHex({ ...c, a: 1 });

async function thumbnail(image: Sharp, width: number): Promise<{ data: Buffer; channels: number }> {
  const { data, info } = await image
    .resize({ width, kernel: 'nearest', fastShrinkOnLoad: true, withoutEnlargement: true })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, channels: info.channels };
}

/** A screenshot already decoded: its pixels, row by row. */
export interface Pixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

/** A sharp pipeline over an encoded image or decoded pixels. */
const open = (image: Buffer | Pixels, options: { sequentialRead?: boolean } = {}): Sharp =>
  Buffer.isBuffer(image)
    ? sharp(image, options)
    : sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } });

/** Luminance, saturation, colourful share, dominant colours and accents of a screenshot. */
export async function colorStats(image: Buffer | Pixels): Promise<ColorStats> {
  const { data, channels } = await thumbnail(open(image, { sequentialRead: true }), THUMB_WIDTH);
  let luminance = 0;
  let saturation = 0;
  let colorful = 0;
  let n = 0;
  const sectors = new Array<number>(12).fill(0);
  for (let i = 0; i + 2 < data.length; i += channels) {
    const c = { r: data[i]!, g: data[i + 1]!, b: data[i + 2]! };
    luminance += relativeLuminance(c);
    saturation += saturationLightness(c).s;
    if (isColorful(c)) {
      colorful++;
      sectors[hueSector(c)]!++;
    }
    n++;
  }
  const all = swatches(histogram(data, channels));
  const accents = all.filter((s) => isColorful(s.rgb) && s.share >= 0.003);
  return {
    luminance: n ? luminance / n : 1,
    saturation: n ? saturation / n : 0,
    colorful_share: n ? colorful / n : 0,
    hues: sectors.filter((count) => n && count / n >= HUE_SHARE).length,
    dominant: all.slice(0, 6).map((s) => ({ hex: hex(s.rgb), share: Number(s.share.toFixed(4)) })),
    accents: accents.slice(0, 4).map((s) => hex(s.rgb)),
  };
}

/**
 * The dominant colours inside `box` (document CSS px, scaled by `dpr` into the PNG), most common
 * first, without the region's background (the colour most common along its border) and without
 * colours that are only a sliver (< 4 % of the region). Empty when the box is off the image.
 */
export async function regionColors(source: Buffer | Pixels, box: Box, dpr: number): Promise<string[]> {
  const image = open(source);
  const { width = 0, height = 0 } = Buffer.isBuffer(source) ? await image.metadata() : source;
  const left = Math.max(0, Math.floor(box.x * dpr));
  const top = Math.max(0, Math.floor(box.y * dpr));
  const right = Math.min(width, Math.ceil((box.x + box.width) * dpr));
  const bottom = Math.min(height, Math.ceil((box.y + box.height) * dpr));
  if (right - left < 2 || bottom - top < 2) return [];
  const w = Math.min(48, right - left);
  const { data, channels } = await thumbnail(
    image.extract({ left, top, width: right - left, height: bottom - top }),
    w,
  );
  const h = Math.max(1, Math.round(data.length / channels / w));
  const onBorder = (i: number) => i < w || i >= (h - 1) * w || i % w === 0 || i % w === w - 1;
  const background = swatches(histogram(data, channels, onBorder))[0]?.rgb;
  return swatches(histogram(data, channels))
    .filter((s) => s.share >= 0.04 && (!background || distance(s.rgb, background) > 40))
    .slice(0, 4)
    .map((s) => hex(s.rgb));
}
