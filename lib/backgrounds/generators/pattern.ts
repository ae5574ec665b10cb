/**
 * @module backgrounds/generators/pattern
 * Geometric patterns over a soft two-colour wash: `dots`, `grid`, `waves` and `topographic`
 * contour lines. The lines and dots are anti-aliased analytically per output pixel (distance to
 * the nearest line over the field's gradient), so they stay one crisp width at any size; a radial
 * mask fades the pattern where the device sits, so it frames the subject instead of fighting it.
 */
import { hexLab, hexRgb, type Lab } from '../color.ts';
import { Field, mixInto, paint, smoothstep } from '../paint.ts';
import { fbm } from '../random.ts';
import { between, type Generator } from './types.ts';

export type PatternKind = 'dots' | 'grid' | 'waves' | 'topographic';

export interface PatternParams {
  kind: PatternKind;
  /** Spacing of dots, grid cells, waves or contour levels, as a fraction of the scale. */
  spacing: number;
  /** Line width or dot radius, as a fraction of the spacing. */
  weight: number;
  /** Pattern opacity at full strength (0–1). */
  opacity: number;
  /** Where the pattern shows: `edges` fades it out in the middle, `even` keeps it everywhere. */
  fade: 'edges' | 'even';
  /** Wash direction, degrees. */
  angle: number;
  /** Waves: amplitude (fraction of the spacing × 10) and wavelength (fraction of the scale). */
  amplitude: number;
  wavelength: number;
}

const SPACING: Record<PatternKind, [number, number]> = {
  dots: [0.022, 0.034],
  grid: [0.04, 0.06],
  waves: [0.018, 0.028],
  topographic: [0.055, 0.08],
};
const WEIGHT: Record<PatternKind, [number, number]> = {
  dots: [0.09, 0.13],
  grid: [0.02, 0.035],
  waves: [0.07, 0.1],
  topographic: [0.035, 0.055],
};

export function patternOf(kind: PatternKind): Generator<PatternParams> {
  return {
    type: kind,
    design: (random) => ({
      kind,
      spacing: between(random, ...SPACING[kind]),
      weight: between(random, ...WEIGHT[kind]),
      opacity: between(random, 0.45, 0.7),
      fade: random() < 0.6 ? 'edges' : 'even',
      angle: Math.round(random() * 360),
      amplitude: between(random, 0.5, 1.2),
      wavelength: between(random, 0.45, 0.8),
    }),
    draw: (input) => drawPattern(input.params, input.palette, input.size, input.seed),
  };
}

function drawPattern(
  p: PatternParams,
  palette: readonly string[],
  size: Field['size'],
  seed: number,
): Buffer {
  const { width, height, scale } = size;
  const colours = palette.map(hexLab);
  const a = colours[0]!;
  const b = colours[1] ?? a;
  const rad = (p.angle * Math.PI) / 180;
  const span = Math.abs(Math.cos(rad)) * width + Math.abs(Math.sin(rad)) * height;
  const wash = new Field(size, (x, y, out: Lab) => {
    out[0] = a[0];
    out[1] = a[1];
    out[2] = a[2];
    const t = ((x - width / 2) * Math.cos(rad) + (y - height / 2) * Math.sin(rad)) / span + 0.5;
    mixInto(out, b, smoothstep(0, 1, t));
  });
  const ink = hexRgb(palette[2] ?? palette[1] ?? palette[0]!);
  const spacing = p.spacing * scale;
  const half = (p.weight * spacing) / 2;
  // Topographic levels follow a noise terrain, sampled on a grid with its gradient.
  const terrain = p.kind === 'topographic' ? heights(size, seed) : undefined;
  const hg = new Float64Array(2);
  const wave = p.kind === 'waves' ? waveColumns(p, width, spacing, scale) : undefined;
  const cx = width / 2;
  const cy = height / 2;
  const reach = Math.hypot(cx, cy);
  return paint(size, { seed, grain: 0.012 }, (y, row) => {
    wash.row(y, row);
    for (let x = 0, o = 0; x < width; x++, o += 3) {
      const px = x + 0.5;
      const py = y + 0.5;
      let d: number; // distance to the nearest mark's edge, in pixels (negative inside)
      switch (p.kind) {
        case 'dots': {
          const dx = px - Math.floor(px / spacing) * spacing - spacing / 2;
          const dy = py - Math.floor(py / spacing) * spacing - spacing / 2;
          d = Math.sqrt(dx * dx + dy * dy) - half * 2;
          break;
        }
        case 'grid': {
          const gx = Math.abs(px - Math.floor(px / spacing) * spacing - spacing / 2);
          const gy = Math.abs(py - Math.floor(py / spacing) * spacing - spacing / 2);
          d = spacing / 2 - Math.max(gx, gy) - half;
          break;
        }
        case 'waves': {
          const m = (py + wave![x * 2]!) / spacing;
          d = (Math.abs(m - Math.round(m)) * spacing) / wave![x * 2 + 1]! - half;
          break;
        }
        case 'topographic': {
          terrain!(px, py, hg);
          const m = hg[0]! / p.spacing;
          // Distance to the nearest level line in pixels ≈ level distance over the gradient's length.
          d = (Math.abs(m - Math.round(m)) * p.spacing) / Math.max(hg[1]!, 1e-6) - half;
          break;
        }
      }
      // Most pixels are between marks: nothing to blend.
      if (d >= 0.5) continue;
      let cover = Math.min(1, 0.5 - d) * p.opacity;
      if (p.fade === 'edges') {
        const fx = px - cx;
        const fy = py - cy;
        cover *= smoothstep(0.25, 0.95, Math.sqrt(fx * fx + fy * fy) / reach);
      }
      if (cover > 0) {
        row[o] = row[o]! + (ink[0] - row[o]!) * cover;
        row[o + 1] = row[o + 1]! + (ink[1] - row[o + 1]!) * cover;
        row[o + 2] = row[o + 2]! + (ink[2] - row[o + 2]!) * cover;
      }
    }
  });
}

/**
 * Waves depend on x alone: per column, how far the wave lifts the lines and the factor that
 * turns a vertical distance into a distance across the line (√(1 + slope²)).
 */
function waveColumns(p: PatternParams, width: number, spacing: number, scale: number): Float64Array {
  const k = (2 * Math.PI) / (p.wavelength * scale);
  const a = p.amplitude * spacing;
  const out = new Float64Array(width * 2);
  for (let x = 0; x < width; x++) {
    const px = x + 0.5;
    out[x * 2] = a * Math.sin(px * k) + a * 0.4 * Math.sin(px * k * 2.3 + 1.7);
    const slope = a * k * Math.cos(px * k) + a * 0.4 * k * 2.3 * Math.cos(px * k * 2.3 + 1.7);
    out[x * 2 + 1] = Math.sqrt(1 + slope * slope);
  }
  return out;
}

/**
 * A noise terrain over the canvas, sampled every few pixels: `(x, y, out)` writes the height and
 * the length of its gradient per pixel (bilinear between samples) into `out`.
 */
function heights(size: Field['size'], seed: number) {
  const step = 5;
  const cols = Math.ceil(size.width / step) + 2;
  const rows = Math.ceil(size.height / step) + 2;
  const h = new Float32Array(cols * rows);
  const f = 1.8 / size.scale;
  for (let j = 0; j < rows; j++)
    for (let i = 0; i < cols; i++) h[j * cols + i] = fbm(i * step * f, j * step * f, seed, 4) * 1.2;
  return (x: number, y: number, out: Float64Array) => {
    const gx = Math.min(x / step, cols - 1.001);
    const gy = Math.min(y / step, rows - 1.001);
    const i = gx | 0;
    const j = gy | 0;
    const fx = gx - i;
    const fy = gy - j;
    const o = j * cols + i;
    const a = h[o]!;
    const b = h[o + 1]!;
    const c = h[o + cols]!;
    const d = h[o + cols + 1]!;
    const top = a + (b - a) * fx;
    const bottom = c + (d - c) * fx;
    const dx = (b - a + (d - c - b + a) * fy) / step;
    const dy = (c - a + (d - c - b + a) * fx) / step;
    out[0] = top + (bottom - top) * fy;
    out[1] = Math.sqrt(dx * dx + dy * dy);
  };
}

export const dots = patternOf('dots');
export const grid = patternOf('grid');
export const waves = patternOf('waves');
export const topographic = patternOf('topographic');
