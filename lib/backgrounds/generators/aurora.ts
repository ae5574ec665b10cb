/**
 * @module backgrounds/generators/aurora
 * Two organic kinds: `aurora` — luminous curtains over a deep night gradient, each a wavy ribbon
 * whose light trails upward in noisy rays; and `blobs` — large soft-edged organic shapes in pastel
 * or vivid colours, layered like cut paper with a faint glow.
 */
import { hexLab, type Lab } from '../color.ts';
import { Field, mixInto, paintField, smoothstep } from '../paint.ts';
import { fbm, valueNoise } from '../random.ts';
import { between, type Generator } from './types.ts';

export interface AuroraParams {
  /** Curtains: lower edge height (fraction of the height), wave amplitude and frequency, rise (how far the light climbs, fraction of the scale), edge and crown palette indices. */
  curtains: {
    y: number;
    amplitude: number;
    frequency: number;
    phase: number;
    rise: number;
    color: number;
    crown: number;
  }[];
  /** How strongly vertical rays break up the light (0–1). */
  rays: number;
  grain: number;
}

export const aurora: Generator<AuroraParams> = {
  type: 'aurora',
  design(random, palette) {
    const accents = Math.max(1, palette.length - 1);
    const curtains = [0, 1].map((i) => ({
      y: between(random, 0.5, 0.68) + i * 0.08,
      amplitude: between(random, 0.04, 0.1),
      frequency: between(random, 0.5, 1.1),
      phase: between(random, 0, 6.283),
      rise: between(random, 0.2, 0.34) - i * 0.06,
      color: 1 + ((i * 2) % accents),
      crown: 1 + ((i * 2 + 1) % accents),
    }));
    return { curtains, rays: between(random, 0.35, 0.6), grain: between(random, 0.025, 0.04) };
  },
  draw({ params, palette, size, seed }) {
    const { width, height, scale } = size;
    const colours = palette.map(hexLab);
    const base = colours[0]!;
    // The night: the base colour, darker at the top, lifted toward the horizon.
    const top: Lab = [base[0] * 0.6, base[1] * 0.6, base[2] * 0.6];
    const bottom: Lab = [Math.min(1, base[0] * 1.3), base[1], base[2]];
    const f = 1 / scale;
    const tint: Lab = [0, 0, 0];
    const field = new Field(size, (x, y, out: Lab) => {
      out[0] = top[0];
      out[1] = top[1];
      out[2] = top[2];
      mixInto(out, bottom, smoothstep(0, 1, y / height));
      for (const c of params.curtains) {
        const u = x / width;
        const edge =
          (c.y + c.amplitude * Math.sin(u * c.frequency * Math.PI * 2 + c.phase)) * height +
          (fbm(x * f * 1.5, c.phase, seed, 3) - 0.5) * 0.1 * scale;
        // Height above the curtain's lower edge, in units of its rise.
        const d = (edge - y) / (c.rise * scale);
        if (d < -0.2) continue;
        const foot = smoothstep(-0.12, 0.02, d);
        const rays = 1 - params.rays + params.rays * fbm(x * f * 14, c.phase * 3, seed + 17, 3) * 1.4;
        const light = foot * Math.exp(-Math.max(0, d) * 2.2) * Math.min(1, rays);
        const edgeLab = colours[c.color % colours.length]!;
        const crownLab = colours[c.crown % colours.length]!;
        tint[0] = edgeLab[0];
        tint[1] = edgeLab[1];
        tint[2] = edgeLab[2];
        mixInto(tint, crownLab, smoothstep(0.05, 0.9, d));
        mixInto(out, tint, Math.min(0.92, light));
      }
    });
    return paintField(field, { seed, grain: params.grain });
  },
};

export interface BlobParams {
  /** Shapes: centre (fraction of the canvas), radius (fraction of the scale), how lumpy (0–1), palette index. */
  blobs: { x: number; y: number; r: number; lumps: number; color: number }[];
  /** Edge softness as a fraction of a blob's radius. */
  softness: number;
  grain: number;
}

export const blobs: Generator<BlobParams> = {
  type: 'blobs',
  design(random, palette) {
    const corners = [
      [0.12, 0.18],
      [0.88, 0.22],
      [0.78, 0.88],
      [0.2, 0.85],
      [0.5, 0.5],
    ];
    const offset = Math.floor(random() * corners.length);
    const blobList = palette.slice(1).map((_, i) => {
      const [cx, cy] = corners[(i + offset) % corners.length]!;
      return {
        x: Math.round((cx! + between(random, -0.08, 0.08)) * 1000) / 1000,
        y: Math.round((cy! + between(random, -0.08, 0.08)) * 1000) / 1000,
        r: between(random, 0.34, 0.5),
        lumps: between(random, 0.06, 0.14),
        color: i + 1,
      };
    });
    return { blobs: blobList, softness: between(random, 0.55, 0.8), grain: between(random, 0.02, 0.035) };
  },
  draw({ params, palette, size, seed }) {
    const { width, height, scale } = size;
    const colours = palette.map(hexLab);
    const shapes = params.blobs.map((b, i) => ({
      x: b.x * width,
      y: b.y * height,
      r: b.r * scale,
      lumps: b.lumps,
      lab: colours[b.color % colours.length]!,
      seed: seed + i * 7919,
    }));
    const field = new Field(size, (x, y, out: Lab) => {
      const base = colours[0]!;
      out[0] = base[0];
      out[1] = base[1];
      out[2] = base[2];
      for (const s of shapes) {
        const dx = x - s.x;
        const dy = y - s.y;
        const angle = Math.atan2(dy, dx);
        // The radius wobbles with the angle: a noise loop around the centre keeps the outline closed.
        const edge =
          s.r *
          (1 +
            s.lumps * (valueNoise(Math.cos(angle) * 1.6 + 5, Math.sin(angle) * 1.6 + 5, s.seed) - 0.5) * 2);
        const d = Math.hypot(dx, dy) / edge;
        mixInto(out, s.lab, 0.9 * (1 - smoothstep(1 - params.softness, 1 + params.softness * 0.3, d)));
      }
    });
    return paintField(field, { seed, grain: params.grain });
  },
};
