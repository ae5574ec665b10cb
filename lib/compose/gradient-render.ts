/**
 * @module compose/gradient-render
 * Rasterises parsed CSS gradients the way a browser does (premultiplied interpolation, CSS stop
 * fix-up, transition hints, corner directions, radial extents), row by row into RGBA, with a
 * one-LSB dither so large smooth gradients do not band.
 */
import type { RGBA } from '../css/color.ts';
import type {
  ColorStop,
  GradientLayer,
  Length,
  LinearGradient,
  RadialGradient,
  StopOrHint,
} from '../css/gradient.ts';

const LUT_SIZE = 2048;

interface Lut {
  /** Premultiplied RGBA (0–1), LUT_SIZE entries. */
  table: Float32Array;
  lo: number;
  hi: number;
  repeating: boolean;
}

interface ResolvedStop {
  color: RGBA;
  pos: number;
  /** Transition hint between this stop and the next, as a position. */
  hint?: number;
}

/** CSS Images §3.5.3 "color stop fix-up": missing positions filled, decreasing ones clamped. */
function resolveStops(stops: StopOrHint[], toFraction: (l: Length) => number): ResolvedStop[] {
  const out: (ResolvedStop & { given: boolean })[] = [];
  let pendingHint: number | undefined;
  for (const s of stops) {
    if ('hint' in s) {
      pendingHint = toFraction(s.hint);
      continue;
    }
    const c = s as ColorStop;
    if (pendingHint !== undefined && out.length) out[out.length - 1]!.hint = pendingHint;
    pendingHint = undefined;
    out.push({ color: c.color, pos: c.pos ? toFraction(c.pos) : Number.NaN, given: Boolean(c.pos) });
  }
  const first = out[0]!;
  const last = out[out.length - 1]!;
  if (!first.given) first.pos = 0;
  if (!last.given) last.pos = Math.max(1, Number.isNaN(first.pos) ? 1 : first.pos);
  let max = first.pos;
  for (const s of out) {
    if (!Number.isNaN(s.pos)) {
      s.pos = Math.max(s.pos, max);
      max = s.pos;
    }
  }
  for (let i = 1; i < out.length; i++) {
    if (!Number.isNaN(out[i]!.pos)) continue;
    let j = i;
    while (Number.isNaN(out[j]!.pos)) j++;
    const a = out[i - 1]!.pos;
    const b = out[j]!.pos;
    for (let k = i; k < j; k++) out[k]!.pos = a + ((b - a) * (k - i + 1)) / (j - i + 1);
  }
  return out;
}

function premul(c: RGBA): [number, number, number, number] {
  return [(c.r / 255) * c.a, (c.g / 255) * c.a, (c.b / 255) * c.a, c.a];
}

function buildLut(stops: ResolvedStop[], repeating: boolean): Lut {
  const lo = repeating ? stops[0]!.pos : Math.min(0, stops[0]!.pos);
  const hi0 = repeating ? stops[stops.length - 1]!.pos : Math.max(1, stops[stops.length - 1]!.pos);
  const hi = hi0 > lo ? hi0 : lo + 1e-6;
  const table = new Float32Array(LUT_SIZE * 4);
  let seg = 0;
  for (let i = 0; i < LUT_SIZE; i++) {
    const t = lo + ((hi - lo) * i) / (LUT_SIZE - 1);
    while (seg < stops.length - 2 && t >= stops[seg + 1]!.pos) seg++;
    const a = stops[seg]!;
    const b = stops[Math.min(seg + 1, stops.length - 1)]!;
    let w: number;
    if (t <= a.pos) w = 0;
    else if (t >= b.pos) w = 1;
    else {
      w = (t - a.pos) / (b.pos - a.pos);
      if (a.hint !== undefined) {
        const h = Math.min(0.999, Math.max(0.001, (a.hint - a.pos) / (b.pos - a.pos)));
        w = w ** (Math.log(0.5) / Math.log(h));
      }
    }
    const pa = premul(a.color);
    const pb = premul(b.color);
    for (let ch = 0; ch < 4; ch++) table[i * 4 + ch] = pa[ch]! + (pb[ch]! - pa[ch]!) * w;
  }
  return { table, lo, hi, repeating };
}

function lutIndex(lut: Lut, t: number): number {
  let u = (t - lut.lo) / (lut.hi - lut.lo);
  if (lut.repeating) u -= Math.floor(u);
  else u = u < 0 ? 0 : Math.min(u, 1);
  return Math.round(u * (LUT_SIZE - 1)) * 4;
}

type RowShader = (y: number, row: Float32Array) => void;

/** `unit`: device pixels per CSS pixel of the canvas (px lengths and stop positions scale by it). */
function linearShader(g: LinearGradient, w: number, h: number, unit: number): RowShader {
  let dx: number;
  let dy: number;
  if ('angle' in g.direction) {
    const rad = (g.direction.angle * Math.PI) / 180;
    dx = Math.sin(rad);
    dy = -Math.cos(rad);
  } else {
    const [hs, vs] = g.direction.corner;
    const vx = (hs === 'right' ? 1 : -1) * h;
    const vy = (vs === 'bottom' ? 1 : -1) * w;
    const n = Math.hypot(vx, vy);
    dx = vx / n;
    dy = vy / n;
  }
  const len = Math.abs(w * dx) + Math.abs(h * dy) || 1;
  const lut = buildLut(
    resolveStops(g.stops, (l) => (l.unit === '%' ? l.value / 100 : (l.value * unit) / len)),
    g.repeating,
  );
  const cx = w / 2;
  const cy = h / 2;
  return (y, row) => {
    const base = ((y + 0.5 - cy) * dy) / len + 0.5;
    const step = dx / len;
    let t = base + (0.5 - cx) * step;
    for (let x = 0; x < w; x++, t += step) over(row, x * 4, lut.table, lutIndex(lut, t));
  };
}

function radialShader(g: RadialGradient, w: number, h: number, unit: number): RowShader {
  const px = (l: Length, full: number) => (l.unit === '%' ? (l.value / 100) * full : l.value * unit);
  const cx = px(g.at[0], w);
  const cy = px(g.at[1], h);
  let rx: number;
  let ry: number;
  if (Array.isArray(g.size)) {
    rx = px(g.size[0], w);
    ry = g.size[1] ? px(g.size[1], h) : rx;
  } else {
    const sx = [Math.abs(cx), Math.abs(w - cx)];
    const sy = [Math.abs(cy), Math.abs(h - cy)];
    const pick = g.size.startsWith('closest') ? Math.min : Math.max;
    const side = [pick(sx[0]!, sx[1]!), pick(sy[0]!, sy[1]!)] as const;
    if (g.shape === 'circle') {
      const r = g.size.endsWith('side')
        ? pick(side[0], side[1])
        : pick(...sx.flatMap((a) => sy.map((b) => Math.hypot(a, b))));
      rx = ry = r;
    } else if (g.size.endsWith('side')) {
      [rx, ry] = side;
    } else {
      // An ellipse through the corner with the aspect ratio of the matching side extent.
      rx = side[0] * Math.SQRT2;
      ry = side[1] * Math.SQRT2;
    }
  }
  rx = Math.max(rx, 1e-3);
  ry = Math.max(ry, 1e-3);
  const lut = buildLut(
    resolveStops(g.stops, (l) => (l.unit === '%' ? l.value / 100 : (l.value * unit) / rx)),
    g.repeating,
  );
  return (y, row) => {
    const ny = (y + 0.5 - cy) / ry;
    const ny2 = ny * ny;
    for (let x = 0; x < w; x++) {
      const nx = (x + 0.5 - cx) / rx;
      over(row, x * 4, lut.table, lutIndex(lut, Math.sqrt(nx * nx + ny2)));
    }
  };
}

/** Premultiplied source-over of LUT entry `j` onto `row` at `i`. */
function over(row: Float32Array, i: number, src: Float32Array, j: number): void {
  const k = 1 - src[j + 3]!;
  row[i] = src[j]! + row[i]! * k;
  row[i + 1] = src[j + 1]! + row[i + 1]! * k;
  row[i + 2] = src[j + 2]! + row[i + 2]! * k;
  row[i + 3] = src[j + 3]! + row[i + 3]! * k;
}

/** Triangular dither noise in (−1, 1) LSB, from a cheap integer hash of the pixel. */
function dither(x: number, y: number): number {
  let n = Math.imul(x, 0x27d4eb2d) ^ Math.imul(y, 0x165667b1);
  n = Math.imul(n ^ (n >>> 15), 0x85ebca6b);
  n ^= n >>> 13;
  return ((n & 0xff) + ((n >>> 8) & 0xff)) / 255 - 1;
}

/**
 * Renders gradient layers (top first, like CSS backgrounds) over an optional base colour into
 * a `w`×`h` RGBA buffer (not premultiplied).
 */
export function renderGradients(
  layers: GradientLayer[],
  w: number,
  h: number,
  unit: number,
  base?: RGBA,
): Buffer {
  const shaders = layers
    .slice()
    .reverse()
    .map((g) => (g.kind === 'linear' ? linearShader(g, w, h, unit) : radialShader(g, w, h, unit)));
  const out = Buffer.allocUnsafe(w * h * 4);
  const row = new Float32Array(w * 4);
  const b = base ? premul(base) : [0, 0, 0, 0];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w * 4; x += 4) {
      row[x] = b[0]!;
      row[x + 1] = b[1]!;
      row[x + 2] = b[2]!;
      row[x + 3] = b[3]!;
    }
    for (const shade of shaders) shade(y, row);
    const o = y * w * 4;
    for (let x = 0; x < w; x++) {
      const i = x * 4;
      const a = row[i + 3]!;
      if (a <= 0) {
        out[o + i] = out[o + i + 1] = out[o + i + 2] = out[o + i + 3] = 0;
        continue;
      }
      const d = dither(x, y);
      const inv = 255 / a;
      out[o + i] = clamp255(row[i]! * inv + d);
      out[o + i + 1] = clamp255(row[i + 1]! * inv + d);
      out[o + i + 2] = clamp255(row[i + 2]! * inv + d);
      out[o + i + 3] = clamp255(a * 255 + (a < 1 ? d : 0));
    }
  }
  return out;
}

const clamp255 = (v: number) => (v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v));

/** The stops of a layer as `{ color, position }` (positions resolved against a unit line). */
export function describeStops(g: GradientLayer): { color: RGBA; position: number }[] {
  return resolveStops(g.stops, (l) => (l.unit === '%' ? l.value / 100 : l.value / 1000)).map((s) => ({
    color: s.color,
    position: Math.round(s.pos * 1000) / 1000,
  }));
}
