/**
 * @module compose/backgrounds
 * The canvas background: the nine designed presets, solid colours, custom CSS gradients,
 * catalogue backgrounds (`pack/slug`, drawn at the canvas's exact size, optionally tinted),
 * transparency and fetched images (cover-fitted), plus the colours other layers derive from it
 * (the `glow` shadow, default text colours).
 */
import sharp from 'sharp';
import type { CatalogueEntry } from '../backgrounds/catalogue.ts';
import { accentOf, paletteOf } from '../backgrounds/render.ts';
import { parseColor, type RGBA } from '../css/color.ts';
import { type GradientLayer, parseGradient } from '../css/gradient.ts';
import type { CaptureParams } from '../schemas/capture.ts';
import { FETCHED_IMAGE_PIXEL_LIMIT, megapixels } from '../schemas/limits.ts';
import { describeStops, renderGradients } from './gradient-render.ts';

export type PresetName = Exclude<CaptureParams['background_preset'], 'custom'>;

/**
 * Each preset is a small stack of CSS gradients: a multi-stop base and one to three soft light
 * sources, so it reads as lit, not as two colours blended. `glow` is the colour a `glow` shadow
 * takes on it.
 */
export const BACKGROUND_PRESETS: Record<PresetName, { css: string; glow: string; dark: boolean }> = {
  aurora: {
    css: `radial-gradient(ellipse 55% 60% at 18% 12%, rgba(45, 212, 191, 0.55), rgba(45, 212, 191, 0) 70%),
      radial-gradient(ellipse 50% 55% at 85% 25%, rgba(168, 85, 247, 0.6), rgba(168, 85, 247, 0) 70%),
      radial-gradient(ellipse 70% 50% at 50% 105%, rgba(59, 130, 246, 0.5), rgba(59, 130, 246, 0) 72%),
      linear-gradient(160deg, #0b1230 0%, #151a45 45%, #0a0e26 100%)`,
    glow: '#7dd3fc',
    dark: true,
  },
  sunset: {
    css: `radial-gradient(ellipse 65% 45% at 50% 100%, rgba(255, 214, 130, 0.9), rgba(255, 214, 130, 0) 72%),
      radial-gradient(ellipse 45% 40% at 12% 8%, rgba(129, 61, 156, 0.55), rgba(129, 61, 156, 0) 70%),
      linear-gradient(180deg, #3d1663 0%, #9b2f7e 30%, #e2566f 56%, #f7875d 78%, #ffc873 100%)`,
    glow: '#ffb36b',
    dark: true,
  },
  ocean: {
    css: `radial-gradient(ellipse 60% 50% at 12% 0%, rgba(125, 249, 255, 0.45), rgba(125, 249, 255, 0) 70%),
      radial-gradient(ellipse 55% 55% at 92% 92%, rgba(45, 212, 191, 0.4), rgba(45, 212, 191, 0) 70%),
      linear-gradient(165deg, #041c4a 0%, #0a3f7a 38%, #0c6d9c 72%, #16a3b8 100%)`,
    glow: '#38bdf8',
    dark: true,
  },
  midnight: {
    css: `radial-gradient(ellipse 60% 45% at 50% -5%, rgba(99, 102, 241, 0.42), rgba(99, 102, 241, 0) 75%),
      radial-gradient(ellipse 45% 40% at 100% 100%, rgba(236, 72, 153, 0.2), rgba(236, 72, 153, 0) 70%),
      radial-gradient(ellipse 40% 35% at 0% 100%, rgba(56, 189, 248, 0.14), rgba(56, 189, 248, 0) 70%),
      linear-gradient(180deg, #11132a 0%, #0b0c1c 55%, #06070f 100%)`,
    glow: '#818cf8',
    dark: true,
  },
  arctic: {
    css: `radial-gradient(ellipse 60% 55% at 0% 0%, rgba(186, 230, 253, 0.95), rgba(186, 230, 253, 0) 70%),
      radial-gradient(ellipse 55% 55% at 100% 100%, rgba(199, 210, 254, 0.95), rgba(199, 210, 254, 0) 70%),
      radial-gradient(ellipse 40% 35% at 85% 10%, rgba(224, 242, 254, 0.9), rgba(224, 242, 254, 0) 70%),
      linear-gradient(135deg, #eef7ff 0%, #f8fafc 50%, #eef1ff 100%)`,
    glow: '#93c5fd',
    dark: false,
  },
  dusk: {
    css: `radial-gradient(ellipse 60% 40% at 78% 100%, rgba(251, 182, 206, 0.7), rgba(251, 182, 206, 0) 72%),
      radial-gradient(ellipse 50% 45% at 10% 15%, rgba(67, 56, 202, 0.5), rgba(67, 56, 202, 0) 70%),
      linear-gradient(180deg, #0f1733 0%, #2b2570 34%, #6336a8 62%, #b56ec9 86%, #f2b5d4 100%)`,
    glow: '#e879f9',
    dark: true,
  },
  forest: {
    css: `radial-gradient(ellipse 55% 45% at 82% 0%, rgba(190, 242, 100, 0.38), rgba(190, 242, 100, 0) 70%),
      radial-gradient(ellipse 60% 55% at 5% 100%, rgba(20, 184, 166, 0.35), rgba(20, 184, 166, 0) 70%),
      linear-gradient(160deg, #04241a 0%, #0d3b2a 38%, #14553a 70%, #1f6f45 100%)`,
    glow: '#86efac',
    dark: true,
  },
  ember: {
    css: `radial-gradient(ellipse 70% 50% at 50% 108%, rgba(251, 146, 60, 0.85), rgba(251, 146, 60, 0) 72%),
      radial-gradient(ellipse 35% 30% at 14% 95%, rgba(250, 204, 21, 0.4), rgba(250, 204, 21, 0) 70%),
      radial-gradient(ellipse 45% 35% at 90% 0%, rgba(220, 38, 38, 0.3), rgba(220, 38, 38, 0) 70%),
      linear-gradient(180deg, #0d0706 0%, #1f0a06 38%, #4a0f0a 72%, #7c2510 100%)`,
    glow: '#fb923c',
    dark: true,
  },
};

const presetLayers = new Map<string, GradientLayer[]>();
function layersOf(css: string): GradientLayer[] {
  let layers = presetLayers.get(css);
  if (!layers) {
    layers = parseGradient(css);
    presetLayers.set(css, layers);
  }
  return layers;
}

/** The nine presets as `/v1/backgrounds` lists them: CSS and the stops of every layer. */
export function presetCatalogue() {
  return (Object.keys(BACKGROUND_PRESETS) as PresetName[]).map((name) => {
    const p = BACKGROUND_PRESETS[name];
    const css = p.css.replace(/\s+/g, ' ');
    return {
      name,
      css,
      dark: p.dark,
      layers: layersOf(p.css).map((l) => ({ kind: l.kind, stops: describeStops(l) })),
    };
  });
}

/** What the background resolves to, before it is drawn at a size. */
export type BackgroundSpec =
  | { kind: 'gradient'; layers: GradientLayer[]; glow: RGBA; dark: boolean; key: string }
  | { kind: 'solid'; color: RGBA; key: string }
  | { kind: 'clear'; key: string }
  | { kind: 'image'; image: Buffer; key: string; mean: RGBA }
  | {
      kind: 'catalogue';
      entry: CatalogueEntry;
      tint?: string[];
      /** Draws (or fetches from a cache) the background's raw RGBA at a size. */
      draw: (width: number, height: number) => Promise<Buffer>;
      glow: RGBA;
      dark: boolean;
      key: string;
    };

/** A catalogue background as a spec; `draw` is how the caller gets its pixels (cached). */
export function catalogueBackground(
  entry: CatalogueEntry,
  tint: string[] | undefined,
  draw: (width: number, height: number) => Promise<Buffer>,
): BackgroundSpec {
  const accent = parseColor(accentOf(paletteOf(entry, tint)))!;
  return {
    kind: 'catalogue',
    entry,
    ...(tint?.length ? { tint } : {}),
    draw,
    glow: lighten(accent),
    dark: entry.theme === 'dark',
    key: catalogueKey(entry, tint),
  };
}

/** What identifies a catalogue background's pixels at a size: reference, version, tint. */
export const catalogueKey = (entry: CatalogueEntry, tint?: readonly string[]) =>
  `catalogue:${entry.ref}@${entry.version}${tint?.length ? `~${tint.join(',').toLowerCase()}` : ''}`;

const AURORA = 'aurora' as const;

/** Resolves `background_style` / preset / colour / gradient (the image is resolved by the caller). */
export function resolveBackground(p: CaptureParams): BackgroundSpec {
  switch (p.background_style) {
    case 'transparent':
    case 'none':
      return { kind: 'clear', key: 'clear' };
    case 'solid': {
      const color = parseColor(p.background_color ?? '#ffffff')!;
      return { kind: 'solid', color, key: `solid:${p.background_color ?? '#ffffff'}` };
    }
    default: {
      if (p.background_preset === 'custom' && p.background_gradient) {
        const layers = parseGradient(p.background_gradient);
        const mean = meanOfLayers(layers);
        return {
          kind: 'gradient',
          layers,
          glow: vivid(layers),
          dark: luminance(mean) < 0.45,
          key: `css:${p.background_gradient}`,
        };
      }
      const name = p.background_preset === 'custom' ? AURORA : p.background_preset;
      const preset = BACKGROUND_PRESETS[name];
      return {
        kind: 'gradient',
        layers: layersOf(preset.css),
        glow: parseColor(preset.glow)!,
        dark: preset.dark,
        key: `preset:${name}`,
      };
    }
  }
}

/** Draws the background at `w`×`h` device pixels. */
export async function renderBackground(
  bg: BackgroundSpec,
  w: number,
  h: number,
  unit: number,
): Promise<Buffer> {
  switch (bg.kind) {
    case 'gradient':
      return renderGradients(bg.layers, w, h, unit);
    case 'solid': {
      const out = Buffer.allocUnsafe(w * h * 4);
      const { r, g, b, a } = bg.color;
      const px = Buffer.from([r, g, b, Math.round(a * 255)]);
      for (let i = 0; i < out.length; i += 4) px.copy(out, i);
      return out;
    }
    case 'clear':
      return Buffer.alloc(w * h * 4);
    case 'catalogue':
      return bg.draw(w, h);
    case 'image':
      return decodeFetched(bg.image)
        .resize(w, h, { fit: 'cover', position: 'attention' })
        .ensureAlpha()
        .raw()
        .toBuffer();
  }
}

/**
 * A fetched image as a sharp pipeline that refuses to decode more than `FETCHED_IMAGE_PIXEL_LIMIT`
 * pixels. A resize right after it shrinks JPEG and WebP while they load (libjpeg/libwebp decode
 * at 1/2, 1/4, 1/8), so a large photo never exists at full size in memory.
 */
const decodeFetched = (image: Buffer) =>
  sharp(image, { limitInputPixels: FETCHED_IMAGE_PIXEL_LIMIT }).rotate();

/**
 * Checks a fetched background image by its header (no pixel decoded) and measures its mean colour
 * (for glow and text) on a shrunk-on-load thumbnail. Throws, with the reason as the message, for an
 * image that is not one or is over `FETCHED_IMAGE_PIXEL_LIMIT` — a PNG bomb (16000 × 16000 of one
 * colour is a few KB) is refused before it is decoded.
 */
export async function imageBackground(url: string, image: Buffer): Promise<BackgroundSpec> {
  const { width, height } = await sharp(image).metadata();
  if (!width || !height) throw new Error('the response is not an image with a size');
  if (width * height > FETCHED_IMAGE_PIXEL_LIMIT) {
    throw new Error(
      `the image is ${width}×${height} px (${megapixels(width * height)}); images over ${megapixels(FETCHED_IMAGE_PIXEL_LIMIT)} are refused`,
    );
  }
  const { data, info } = await decodeFetched(image)
    .resize(MEAN_SAMPLE, MEAN_SAMPLE, { fit: 'fill' })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const sum = [0, 0, 0];
  for (let i = 0; i < data.length; i += info.channels) for (let c = 0; c < 3; c++) sum[c]! += data[i + c]!;
  const [r, g, b] = sum.map((s) => Math.round(s / (info.width * info.height)));
  return { kind: 'image', image, key: `image:${url}`, mean: { r: r ?? 0, g: g ?? 0, b: b ?? 0, a: 1 } };
}

/** Side of the thumbnail the mean colour is taken from. */
const MEAN_SAMPLE = 32;

/** Relative luminance (WCAG), 0–1. */
export function luminance({ r, g, b }: RGBA): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Whether light text reads better than dark text on this background. */
export function isDark(bg: BackgroundSpec): boolean {
  switch (bg.kind) {
    case 'gradient':
    case 'catalogue':
      return bg.dark;
    case 'solid':
      return bg.color.a > 0.5 && luminance(bg.color) < 0.4;
    case 'image':
      return luminance(bg.mean) < 0.4;
    case 'clear':
      return false;
  }
}

/** The `glow` shadow's colour: the background's most vivid light, or a soft blue without one. */
export function glowColor(bg: BackgroundSpec): RGBA {
  switch (bg.kind) {
    case 'gradient':
    case 'catalogue':
      return bg.glow;
    case 'solid':
      return lighten(bg.color);
    case 'image':
      return lighten(bg.mean);
    case 'clear':
      return { r: 125, g: 170, b: 255, a: 1 };
  }
}

/**
 * A glow colour from a flat colour: same hue, saturated and mid-light, so it shows on light
 * backgrounds as well as dark ones (a lightened pastel would vanish on white).
 */
function lighten(c: RGBA): RGBA {
  const r = c.r / 255;
  const g = c.g / 255;
  const b = c.b / 255;
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  let h = 0;
  if (d > 1e-6) {
    if (max === r) h = ((g - b) / d) % 6;
    else if (max === g) h = (b - r) / d + 2;
    else h = (r - g) / d + 4;
  }
  h = (((h * 60) % 360) + 360) % 360;
  const l = (max + min) / 2;
  const sat = d < 1e-6 ? 0 : d / (1 - Math.abs(2 * l - 1));
  // Grey stays a soft neutral; anything with a hue gets pushed to a vivid, light version of it.
  const S = sat < 0.04 ? 0 : Math.max(sat, 0.7);
  const L = Math.min(0.72, Math.max(0.6, l));
  const k = (n: number) => (n + h / 30) % 12;
  const a = S * Math.min(L, 1 - L);
  const f = (n: number) => Math.round((L - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1))) * 255);
  return { r: f(0), g: f(8), b: f(4), a: 1 };
}

const allStops = (layers: GradientLayer[]): RGBA[] =>
  layers.flatMap((l) => l.stops.flatMap((s) => ('color' in s ? [s.color] : [])));

function meanOfLayers(layers: GradientLayer[]): RGBA {
  const cs = allStops(layers).filter((c) => c.a > 0.2);
  const n = cs.length || 1;
  const sum = cs.reduce((a, c) => ({ r: a.r + c.r, g: a.g + c.g, b: a.b + c.b }), { r: 0, g: 0, b: 0 });
  return { r: sum.r / n, g: sum.g / n, b: sum.b / n, a: 1 };
}

/** The most saturated, reasonably bright stop of a custom gradient. */
function vivid(layers: GradientLayer[]): RGBA {
  let best: RGBA = { r: 125, g: 170, b: 255, a: 1 };
  let score = -1;
  for (const c of allStops(layers)) {
    if (c.a < 0.2) continue;
    const max = Math.max(c.r, c.g, c.b);
    const min = Math.min(c.r, c.g, c.b);
    const s = (max - min) / 255 + max / 510;
    if (s > score) {
      score = s;
      best = { ...c, a: 1 };
    }
  }
  return lighten(best);
}
