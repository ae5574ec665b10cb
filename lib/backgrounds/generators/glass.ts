/**
 * @module backgrounds/generators/glass
 * Fluted ("fractal") glass: a bold mesh gradient seen through vertical ribs of reeded glass. Each
 * rib compresses and mirrors the colour behind it, its left edge catches a thin highlight and its
 * right edge a soft shade; a fine frost grain sits on top. Ribs are drawn per output pixel, so
 * their edges stay crisp at any size.
 */
import { type Field, paint } from '../paint.ts';
import { designMesh, type MeshParams, meshField } from './mesh.ts';
import { between, type Generator } from './types.ts';

export interface GlassParams {
  field: MeshParams;
  /** Rib width as a fraction of the scale. */
  rib: number;
  /** Tilt of the ribs from vertical, degrees. */
  tilt: number;
  /** How far a rib's edge shifts the picture behind it, in rib widths. */
  refraction: number;
  /** Edge highlight and shade strength (0–1). */
  highlight: number;
  frost: number;
}

export const glass: Generator<GlassParams> = {
  type: 'glass',
  design(random, palette) {
    return {
      field: designMesh(random, palette),
      rib: between(random, 0.05, 0.085),
      tilt: Math.round(between(random, -8, 8)),
      refraction: between(random, 1.6, 2.6),
      highlight: between(random, 0.35, 0.6),
      frost: between(random, 0.025, 0.045),
    };
  },
  draw({ params, palette, size, seed }) {
    const field: Field = meshField(params.field, palette, size, seed);
    const rib = params.rib * size.scale;
    const rad = (params.tilt * Math.PI) / 180;
    const nx = Math.cos(rad);
    const ny = Math.sin(rad);
    const shift = params.refraction * rib;
    const hl = params.highlight;
    const edge = Math.max(1, rib * 0.06);
    // Everything across a rib depends only on the position in it: tabulate shift, light and shade.
    const STEPS = 1024;
    const offset = new Float32Array(STEPS);
    const lift = new Float32Array(STEPS);
    const dim = new Float32Array(STEPS);
    for (let i = 0; i < STEPS; i++) {
      const t = (i + 0.5) / STEPS;
      const a = (t * rib) / edge;
      const b = ((1 - t) * rib) / (edge * 3);
      const light = hl * (Math.exp(-a * a) * 0.5 + (0.5 - t) * 0.4);
      // The rib mirrors and compresses: its left half shows what lies right of it and vice versa.
      offset[i] = (0.5 - t) * shift;
      lift[i] = Math.max(0, light);
      dim[i] = hl * Math.exp(-b * b) * 0.3 + Math.max(0, -light);
    }
    const px = new Float32Array(3);
    return paint(size, { seed, grain: params.frost }, (y, row) => {
      const along = (y + 0.5) * ny;
      for (let x = 0, o = 0; x < size.width; x++, o += 3) {
        const s = ((x + 0.5) * nx + along) / rib;
        const i = ((s - Math.floor(s)) * STEPS) | 0;
        const d = offset[i]!;
        field.sample(x + 0.5 + d * nx, y + 0.5 + d * ny, px);
        const up = lift[i]!;
        const down = dim[i]!;
        row[o] = px[0]! + (1 - px[0]!) * up - px[0]! * down;
        row[o + 1] = px[1]! + (1 - px[1]!) * up - px[1]! * down;
        row[o + 2] = px[2]! + (1 - px[2]!) * up - px[2]! * down;
      }
    });
  },
};
