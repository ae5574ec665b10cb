/**
 * @module understand/brand
 * `ai_brand`: the brand's colours, fonts and lightness read from the page (`brandFrom`), and the
 * canvas parameters they give (`brandParams`): a lit multi-layer gradient in the brand's colours,
 * the brand's heading font, a glow or shadow tinted by the brand.
 *
 * Colour candidates are weighed, not just taken in order. Each source has a weight that follows
 * how deliberately it names the brand — a custom property named brand/primary (6–6.5), theme-color
 * (5), the biggest filled buttons (4.5↓), content links (3.5↓), the logo's pixels (3↓), the
 * screenshot's accents (2↓) — and a colour that a second source also shows (within a small RGB
 * distance) gains 1.5, a third 0.5 more: what is on screen confirms what the stylesheet declares,
 * and a framework's default (`--bs-primary: #0d6efd` on a site that restyled its buttons) loses.
 * Greys, near-black and near-white are not brand colours unless nothing else is found (then the
 * profile is marked `neutral` and drawn in graphite).
 */
import { parseColor, type RGBA, toHex } from '../css/color.ts';
import {
  colorOf,
  distance,
  hslHex,
  hslRgb,
  hueGap,
  isBrandish,
  luminance,
  type RGB,
  toHsl,
} from './brand-colors.ts';
import type { PageSignals } from './types.ts';

/** Re-exported for `style.ts` and the tests, which read colours the way the brand does. */
export { colorOf, hueGap, isBrandish, toHsl } from './brand-colors.ts';

export type FontClass = 'sans' | 'serif' | 'mono';
export type BrandColorSource =
  | `--${string}`
  | 'theme-color'
  | 'button'
  | 'link'
  | 'logo'
  | 'screenshot'
  | 'default';

export interface BrandProfile {
  /** `#rrggbb`. */
  primary: string;
  secondary?: string;
  heading_font: FontClass;
  body_font: FontClass;
  dark: boolean;
  sources: {
    /** A custom property's name (`--bs-primary`), or the kind of source. */
    primary: BrandColorSource;
    secondary?: BrandColorSource;
    fonts: 'computed' | 'default';
    dark: 'body-background' | 'color-scheme' | 'body-text' | 'default';
    /** No chromatic colour was found: `primary` is a grey, black or the default. */
    neutral?: boolean;
  };
}

interface Candidate {
  hex: string;
  rgb: RGB;
  source: BrandColorSource;
  weight: number;
  /** Named secondary/accent: preferred as the second colour. */
  secondaryName: boolean;
  score: number;
}

const WHITE: RGBA = { r: 255, g: 255, b: 255, a: 1 };
const BROWSER_LINKS = new Set(['#0000ee', '#551a8b']);
const FRAMEWORK_DEFAULTS = new Set(['#0d6efd', '#007bff', '#1976d2', '#3182ce']);

/** How strongly a custom property's name claims the brand colour; null = a text/border colour. */
function propertyWeight(name: string): number | null {
  const n = name.toLowerCase();
  if (/foreground|-fg\b|text|contrast|content|on-|inverse|border|ring|shadow|outline/.test(n)) return null;
  let w = /brand/.test(n)
    ? 6.5
    : /primary/.test(n)
      ? 6
      : /accent/.test(n)
        ? 5
        : /main|theme|highlight/.test(n)
          ? 4.5
          : /secondary/.test(n)
            ? 4
            : 3;
  if (
    /hover|active|focus|pressed|light|dark|subtle|muted|soft|bg|background|surface|tint|alpha|disabled|weak/.test(
      n,
    )
  )
    w -= 1.5;
  const shade = /-(\d{2,3})$/.exec(n)?.[1];
  if (shade) w += ['500', '600'].includes(shade) ? 0.3 : ['400', '700'].includes(shade) ? 0 : -1.5;
  return w;
}

function candidatesOf(signals: PageSignals, extra: { logoColors?: string[]; accents?: string[] }) {
  const out: Candidate[] = [];
  const add = (
    value: string | undefined,
    source: BrandColorSource,
    weight: number,
    secondaryName = false,
  ) => {
    const c = value ? colorOf(value) : null;
    if (!c || c.a < 0.5) return;
    out.push({ hex: toHex(c), rgb: c, source, weight, secondaryName, score: weight });
  };
  for (const [name, value] of Object.entries(signals.colors.custom_props ?? {})) {
    const w = propertyWeight(name);
    const c = colorOf(value);
    if (w === null || !c) continue;
    const framework = /^--(bs|mui|chakra)-/.test(name) && FRAMEWORK_DEFAULTS.has(toHex(c));
    add(
      value,
      name.startsWith('--') ? (name as `--${string}`) : `--${name}`,
      framework ? w - 2.5 : w,
      /secondary|accent/.test(name),
    );
  }
  add(signals.meta.theme_color, 'theme-color', 5);
  const links = (signals.colors.links ?? []).filter((c) => !BROWSER_LINKS.has(toHex(colorOf(c) ?? WHITE)));
  const ranked: [string[] | undefined, BrandColorSource, number, number][] = [
    [signals.colors.buttons, 'button', 4.5, 0.3],
    [links, 'link', 3.5, 0.3],
    [extra.logoColors, 'logo', 3, 0.3],
    [extra.accents, 'screenshot', 2, 0.2],
  ];
  for (const [list, source, first, step] of ranked) {
    for (const [i, c] of (list ?? []).entries()) add(c, source, first - step * i);
  }
  const kind = (c: Candidate) => (c.source.startsWith('--') ? 'property' : c.source);
  for (const c of out) {
    const others = new Set(
      out.filter((o) => kind(o) !== kind(c) && distance(o.rgb, c.rgb) < 48).map((o) => kind(o)),
    );
    c.score = c.weight + (others.size >= 1 ? 1.5 : 0) + (others.size >= 2 ? 0.5 : 0);
  }
  return out;
}

/** First of the highest score (the source order breaks ties). */
const best = (list: Candidate[], bonus: (c: Candidate) => number = () => 0) =>
  list.reduce<Candidate | undefined>(
    (a, c) => (!a || c.score + bonus(c) > a.score + bonus(a) ? c : a),
    undefined,
  );

const SERIF_FAMILIES =
  /^(georgia|times|times new roman|merriweather|playfair( display)?|lora|noto serif|source serif( pro| 4)?|pt serif|libre baskerville|crimson( text| pro)?|tiempos.*|gt sectra.*|charter|cambria|baskerville|didot|bodoni.*|dm serif.*|fraunces|newsreader|ibm plex serif|roboto slab|zilla slab|spectral|eb garamond|garamond|cormorant.*|literata|iowan old style|palatino.*|book antiqua|instrument serif|ui-serif)$/;
const MONO_FAMILIES =
  /^(monospace|menlo|monaco|consolas|courier( new)?|sf mono|jetbrains mono|fira (code|mono)|source code pro|ibm plex mono|roboto mono|ubuntu mono|space mono|dejavu sans mono|cascadia (code|mono)|geist mono|ui-monospace|sfmono-regular|liberation mono|berkeley mono|commit mono)$/;

/** A computed `font-family` as one of the shipped fonts: what its first family, else its generic fallback, is. */
export function fontClassOf(family: string | undefined): FontClass | undefined {
  if (!family) return undefined;
  const names = family
    .split(',')
    .map((f) =>
      f
        .trim()
        .replace(/^["']|["']$/g, '')
        .toLowerCase(),
    )
    .filter(Boolean);
  const first = names[0];
  if (!first) return undefined;
  if (MONO_FAMILIES.test(first) || /\bmono\b|\bcode\b/.test(first)) return 'mono';
  if (SERIF_FAMILIES.test(first) || (/serif|slab/.test(first) && !/sans/.test(first))) return 'serif';
  const generic = names.find((n) =>
    ['serif', 'sans-serif', 'monospace', 'system-ui', 'ui-sans-serif'].includes(n),
  );
  return generic === 'serif' ? 'serif' : generic === 'monospace' ? 'mono' : 'sans';
}

function darkness(
  signals: PageSignals,
): Pick<BrandProfile, 'dark'> & { source: BrandProfile['sources']['dark'] } {
  const bg = colorOf(signals.colors.body_background ?? '');
  if (bg && bg.a >= 0.5) return { dark: luminance(bg) < 0.2, source: 'body-background' };
  const scheme = (signals.meta.color_scheme ?? '').toLowerCase().split(/\s+/);
  if (scheme.includes('dark') !== scheme.includes('light'))
    return { dark: scheme.includes('dark'), source: 'color-scheme' };
  const text = colorOf(signals.colors.body_text ?? '');
  if (text && text.a >= 0.5) return { dark: luminance(text) > 0.6, source: 'body-text' };
  return { dark: false, source: 'default' };
}

/** The brand profile of a page: colours (see the module comment for the weighing), fonts, lightness. */
export function brandFrom(
  signals: PageSignals,
  extra: { logoColors?: string[]; accents?: string[] } = {},
): BrandProfile {
  const all = candidatesOf(signals, extra);
  const brandish = all.filter((c) => isBrandish({ ...c.rgb, a: 1 }));
  const primary = best(brandish);
  const { dark, source: darkSource } = darkness(signals);
  const heading = fontClassOf(signals.fonts.heading);
  const body = fontClassOf(signals.fonts.body);
  const fonts = {
    heading_font: heading ?? body ?? 'sans',
    body_font: body ?? heading ?? 'sans',
  } as const;
  const fontSource = heading || body ? 'computed' : 'default';
  if (!primary) {
    // Only greys: the darkest confident one (a black button, a charcoal theme-color) stands in.
    const neutral = best(all.filter((c) => toHsl(c.rgb).l <= 0.85));
    return {
      primary: neutral?.hex ?? '#0f172a',
      ...fonts,
      dark,
      sources: { primary: neutral?.source ?? 'default', fonts: fontSource, dark: darkSource, neutral: true },
    };
  }
  const ph = toHsl(primary.rgb).h;
  const secondary = best(
    brandish.filter((c) => hueGap(toHsl(c.rgb).h, ph) >= 30 && distance(c.rgb, primary.rgb) >= 60),
    (c) => (c.secondaryName ? 1.5 : 0),
  );
  return {
    primary: primary.hex,
    ...(secondary ? { secondary: secondary.hex } : {}),
    ...fonts,
    dark,
    sources: {
      primary: primary.source,
      ...(secondary ? { secondary: secondary.source } : {}),
      fonts: fontSource,
      dark: darkSource,
    },
  };
}

const rgba = (hex: string, alpha: number) => {
  const c = parseColor(hex)!;
  return `rgba(${c.r}, ${c.g}, ${c.b}, ${alpha})`;
};

/** A soft light source: an ellipse fading from `hex` at `alpha` to nothing. */
const light = (size: string, at: string, hex: string, alpha: number, fade = 70) =>
  `radial-gradient(ellipse ${size} at ${at}, ${rgba(hex, alpha)}, ${rgba(hex, 0)} ${fade}%)`;

/**
 * A designed background in the given colours, built like the presets: a three-stop base tinted by
 * the first colour and three light sources (the first colour top-left, the second right, a low
 * bounce light below). `dark`: deep base, saturated lights (aurora-like); light: a near-white
 * tinted base with pastel lights (arctic-like). No colours, or greys, give graphite or paper.
 */
export function brandGradient(colors: string[], dark: boolean): string {
  const [a, b] = colors.flatMap((c) => {
    const rgb = colorOf(c);
    return rgb ? [toHsl(rgb)] : [];
  });
  const first = a ?? { h: 220, s: 0, l: 0.5 };
  const neutral = !isBrandish({ ...hslRgb(first), a: 1 });
  // Greys have no hue of their own: a cool slate reads as graphite (dark) or paper (light).
  const h1 = neutral ? 220 : first.h;
  const h2 = b && b.s >= 0.22 ? b.h : h1 + (neutral ? 20 : 42);
  const sat = neutral ? 0.15 : 1;
  if (dark) {
    const lit = (h: number, s: number) => hslHex(h, Math.max(0.62, s) * sat, neutral ? 0.72 : 0.6);
    return [
      light('60% 58%', '14% 8%', lit(h1, first.s), neutral ? 0.28 : 0.55),
      light('52% 52%', '88% 28%', lit(h2, b?.s ?? first.s), neutral ? 0.18 : 0.45),
      light('70% 48%', '50% 108%', lit(h1 + 12, first.s), neutral ? 0.14 : 0.32, 72),
      `linear-gradient(160deg, ${hslHex(h1, 0.5 * sat, 0.1)} 0%, ${hslHex(h1 + 8, 0.45 * sat, 0.135)} 48%, ${hslHex(h1 - 8, 0.55 * sat, 0.06)} 100%)`,
    ].join(', ');
  }
  const tint = (h: number, l: number) => hslHex(h, neutral ? 0.05 : 0.85, l);
  return [
    light('60% 55%', '0% 0%', tint(h1, neutral ? 0.9 : 0.84), neutral ? 0.7 : 0.9),
    light('55% 55%', '100% 100%', tint(h2, neutral ? 0.91 : 0.86), neutral ? 0.7 : 0.9),
    light('40% 35%', '85% 10%', tint(h1 + 20, 0.93), 0.85),
    `linear-gradient(135deg, ${tint(h1, 0.965)} 0%, #f8fafc 50%, ${tint(h2, 0.965)} 100%)`,
  ].join(', ');
}

/** The shadow that sits a subject on a background of these colours: a coloured glow on dark, a tinted soft shadow on light. */
export function brandShadow(color: string, dark: boolean): { shadow: 'glow' | 'soft'; shadow_color: string } {
  const { h, s } = toHsl(parseColor(color) ?? { r: 99, g: 102, b: 241, a: 1 });
  const chromatic = s >= 0.22;
  return dark
    ? { shadow: 'glow', shadow_color: chromatic ? hslHex(h, Math.max(0.7, s), 0.68) : '#64748b' }
    : { shadow: 'soft', shadow_color: chromatic ? hslHex(h, 0.45, 0.16) : '#0f172a' };
}

/**
 * Canvas parameters in the brand: its gradient (over a dark base for a dark page, a light one for a
 * light page, so the page's own mood carries onto the canvas), its heading font for the title and
 * body font for the subtitle, a badge pill in the primary colour, a brand-tinted glow or shadow.
 */
export function brandParams(profile: BrandProfile): { params: Record<string, unknown>; reason: string } {
  const colors = [profile.primary, ...(profile.secondary ? [profile.secondary] : [])];
  const neutral = Boolean(profile.sources.neutral);
  // A monochrome brand (black buttons, grey logo) looks its best on graphite, whatever the page.
  const darkBase = profile.dark || neutral;
  const params = {
    background_style: 'gradient',
    background_preset: 'custom',
    background_gradient: brandGradient(neutral ? [] : colors, darkBase),
    ...(darkBase && !profile.dark
      ? { shadow: 'float' as const, shadow_color: '#020617' }
      : brandShadow(neutral ? '#808080' : profile.primary, profile.dark)),
    title_font: profile.heading_font,
    subtitle_font: profile.body_font,
    ...(neutral ? {} : { badge_color: profile.primary }),
  };
  const from = (s: BrandColorSource) => (s.startsWith('--') ? `the ${s} custom property` : `the ${s}`);
  const reason = [
    neutral
      ? 'no brand colour on the page (only greys), so a graphite gradient'
      : `brand ${profile.primary} (from ${from(profile.sources.primary)})${profile.secondary ? ` and ${profile.secondary} (from ${from(profile.sources.secondary ?? 'default')})` : ''} lit over a ${profile.dark ? 'dark' : 'light'} base, matching the page`,
    `${params.shadow} shadow in ${params.shadow_color}`,
    `title in ${profile.heading_font}, subtitle in ${profile.body_font} (${profile.sources.fonts === 'computed' ? "the page's fonts" : 'default'})`,
  ].join('; ');
  return { params, reason };
}
