/**
 * @module backgrounds/generators/grain
 * Grain gradients: a linear sweep between two colours lit by two soft lights, under heavy
 * monochrome film grain — the risograph look of editorial and launch pages.
 */
import { hexLab, type Lab } from '../color.ts';
import { Field, mixInto, paintField, smoothstep } from '../paint.ts';
import { fbm } from '../random.ts';
import { between, type Generator } from './types.ts';

export interface GrainParams {
  /** Direction of the sweep from palette[0] to palette[1], degrees (0 = left to right). */
  angle: number;
  /** Lights: position (fraction of the canvas), radius (fraction of the scale), palette index, strength. */
  lights: { x: number; y: number; r: number; color: number; strength: number }[];
  grain: number;
}

export const grain: Generator<GrainParams> = {
  type: 'grain',
  design(random, palette) {
    const lights = palette.slice(2).map((_, i) => ({
      x: between(random, 0.05, 0.95),
      y: i % 2 ? between(random, 0.55, 1.05) : between(random, -0.05, 0.45),
      r: between(random, 0.3, 0.5),
      color: i + 2,
      strength: between(random, 0.7, 1),
    }));
    return { angle: Math.round(random() * 360), lights, grain: between(random, 0.1, 0.14) };
  },
  draw({ params, palette, size, seed }) {
    const { width, height, scale } = size;
    const colours = palette.map(hexLab);
    const [from, to] = [colours[0]!, colours[1] ?? colours[0]!];
    const rad = (params.angle * Math.PI) / 180;
    const dx = Math.cos(rad);
    const dy = Math.sin(rad);
    const span = Math.abs(dx) * width + Math.abs(dy) * height;
    const lights = params.lights.map((l) => ({
      x: l.x * width,
      y: l.y * height,
      inv: 1 / (l.r * scale) ** 2,
      lab: colours[l.color % colours.length]!,
      strength: l.strength,
    }));
    const wobble = 0.08 * scale;
    const f = 1.3 / scale;
    const field = new Field(size, (x, y, out: Lab) => {
      const w = wobble * (fbm(x * f, y * f, seed, 3) - 0.5);
      const t = smoothstep(0, 1, ((x - width / 2) * dx + (y - height / 2) * dy + w) / span + 0.5);
      out[0] = from[0];
      out[1] = from[1];
      out[2] = from[2];
      mixInto(out, to, t);
      for (const l of lights) {
        const ex = x - l.x;
        const ey = y - l.y;
        mixInto(out, l.lab, l.strength * Math.exp(-(ex * ex + ey * ey) * l.inv));
      }
    });
    return paintField(field, { seed, grain: params.grain });
  },
};
