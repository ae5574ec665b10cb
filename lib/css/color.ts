/**
 * @module css/color
 * CSS colour parsing: hex, rgb()/rgba(), hsl()/hsla(), `transparent` and the named colours people type.
 * Pure and import-free, so both schemas/ (validation) and compose/ (drawing) build on it.
 */

export interface RGBA {
  r: number;
  g: number;
  b: number;
  /** 0–1 */
  a: number;
}

const NAMED: Record<string, string> = {
  black: '#000000',
  white: '#ffffff',
  red: '#ff0000',
  green: '#008000',
  lime: '#00ff00',
  blue: '#0000ff',
  yellow: '#ffff00',
  cyan: '#00ffff',
  aqua: '#00ffff',
  magenta: '#ff00ff',
  fuchsia: '#ff00ff',
  gray: '#808080',
  grey: '#808080',
  silver: '#c0c0c0',
  maroon: '#800000',
  olive: '#808000',
  purple: '#800080',
  teal: '#008080',
  navy: '#000080',
  orange: '#ffa500',
  pink: '#ffc0cb',
  hotpink: '#ff69b4',
  indigo: '#4b0082',
  violet: '#ee82ee',
  gold: '#ffd700',
  coral: '#ff7f50',
  salmon: '#fa8072',
  tomato: '#ff6347',
  crimson: '#dc143c',
  brown: '#a52a2a',
  beige: '#f5f5dc',
  ivory: '#fffff0',
  khaki: '#f0e68c',
  lavender: '#e6e6fa',
  plum: '#dda0dd',
  orchid: '#da70d6',
  turquoise: '#40e0d0',
  skyblue: '#87ceeb',
  steelblue: '#4682b4',
  royalblue: '#4169e1',
  dodgerblue: '#1e90ff',
  deepskyblue: '#00bfff',
  midnightblue: '#191970',
  slategray: '#708090',
  slategrey: '#708090',
  darkslategray: '#2f4f4f',
  lightgray: '#d3d3d3',
  lightgrey: '#d3d3d3',
  darkgray: '#a9a9a9',
  darkgrey: '#a9a9a9',
  dimgray: '#696969',
  whitesmoke: '#f5f5f5',
  gainsboro: '#dcdcdc',
  snow: '#fffafa',
  mintcream: '#f5fffa',
  aliceblue: '#f0f8ff',
  ghostwhite: '#f8f8ff',
  seashell: '#fff5ee',
  linen: '#faf0e6',
  forestgreen: '#228b22',
  seagreen: '#2e8b57',
  darkgreen: '#006400',
  limegreen: '#32cd32',
  springgreen: '#00ff7f',
  emerald: '#50c878',
  chartreuse: '#7fff00',
  darkblue: '#00008b',
  darkred: '#8b0000',
  firebrick: '#b22222',
  darkorange: '#ff8c00',
  chocolate: '#d2691e',
  sienna: '#a0522d',
  tan: '#d2b48c',
  rebeccapurple: '#663399',
  blueviolet: '#8a2be2',
  darkviolet: '#9400d3',
  mediumpurple: '#9370db',
  deeppink: '#ff1493',
  mediumvioletred: '#c71585',
  transparent: '#00000000',
};

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

function parseHex(hex: string): RGBA | null {
  const h = hex.slice(1);
  if (!/^[0-9a-f]+$/i.test(h) || ![3, 4, 6, 8].includes(h.length)) return null;
  const full =
    h.length <= 4
      ? h
          .split('')
          .map((c) => c + c)
          .join('')
      : h;
  const n = (i: number) => Number.parseInt(full.slice(i, i + 2), 16);
  return { r: n(0), g: n(2), b: n(4), a: full.length === 8 ? n(6) / 255 : 1 };
}

/** A channel: `128` or `50%` → 0–255. */
function channel(s: string): number | null {
  const pct = s.endsWith('%');
  const n = Number(pct ? s.slice(0, -1) : s);
  if (!Number.isFinite(n)) return null;
  return clamp(Math.round(pct ? (n / 100) * 255 : n), 0, 255);
}

function alpha(s: string | undefined): number | null {
  if (s === undefined) return 1;
  const pct = s.endsWith('%');
  const n = Number(pct ? s.slice(0, -1) : s);
  if (!Number.isFinite(n)) return null;
  return clamp(pct ? n / 100 : n, 0, 1);
}

/** Splits `rgb(1 2 3 / 50%)` and `rgb(1, 2, 3, 0.5)` into their components. */
function args(body: string): string[] {
  const [main, slashAlpha] = body.split('/').map((s) => s.trim());
  const parts = (main ?? '').split(/[\s,]+/).filter(Boolean);
  if (slashAlpha !== undefined) parts.push(slashAlpha);
  return parts;
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255)];
}

/** Parses a CSS colour; returns null when the string is not one. */
export function parseColor(input: string): RGBA | null {
  const s = input.trim().toLowerCase();
  if (s.startsWith('#')) return parseHex(s);
  const named = NAMED[s];
  if (named) return parseHex(named);
  const fn = /^(rgba?|hsla?)\((.*)\)$/.exec(s);
  if (!fn) return null;
  const parts = args(fn[2]!);
  if (parts.length < 3 || parts.length > 4) return null;
  const a = alpha(parts[3]);
  if (a === null) return null;
  if (fn[1]!.startsWith('rgb')) {
    const [r, g, b] = parts.slice(0, 3).map(channel);
    if (r == null || g == null || b == null) return null;
    return { r, g, b, a };
  }
  const h = Number(parts[0]!.replace(/deg$/, ''));
  const sat = Number(parts[1]!.replace(/%$/, '')) / 100;
  const light = Number(parts[2]!.replace(/%$/, '')) / 100;
  if (![h, sat, light].every(Number.isFinite)) return null;
  const [r, g, b] = hslToRgb(((h % 360) + 360) % 360, clamp(sat, 0, 1), clamp(light, 0, 1));
  return { r, g, b, a };
}

export const isColor = (input: string): boolean => parseColor(input) !== null;

/** `#rrggbb` (alpha dropped) — handy for SVG fills. */
export function toHex({ r, g, b }: RGBA): string {
  return `#${[r, g, b].map((n) => n.toString(16).padStart(2, '0')).join('')}`;
}
