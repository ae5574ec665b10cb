/**
 * @module backgrounds/generators/mesh
 * Mesh gradients: five or six colour points blended with Gaussian weights in Oklab over a base,
 * the coordinates gently domain-warped by noise so the colour regions flow instead of forming
 * circles. `grain` (used by the grain pack) lays film grain over the same field.
 */
import { hexLab, type Lab } from '../color.ts';
import { Field, paintField } from '../paint.ts';
import { fbm } from '../random.ts';
import { between, type Generator } from './types.ts';

export interface MeshParams {
  /** Colour points: position as a fraction of the canvas, radius as a fraction of its scale, palette index. */
  points: { x: number; y: number; r: number; color: number }[];
  /** How far noise bends the coordinates, as a fraction of the scale. */
  warp: number;
  /** Weight of the base colour everywhere (0–1): higher keeps the picture calmer. */
  base: number;
  grain: number;
}

export function designMesh(random: () => number, palette: readonly string[], grain = 0): MeshParams {
  const count = Math.min(6, Math.max(4, palette.length + 1));
  // Points on a jittered ring plus one off-centre, so colour reaches every corner.
  const start = random() * Math.PI * 2;
  const points = Array.from({ length: count }, (_, i) => {
    const centre = i === count - 1;
    const angle = start + (i / (count - 1)) * Math.PI * 2 + between(random, -0.3, 0.3);
    const dist = centre ? between(random, 0, 0.2) : between(random, 0.45, 0.7);
    return {
      x: Math.round((0.5 + Math.cos(angle) * dist) * 1000) / 1000,
      y: Math.round((0.5 + Math.sin(angle) * dist) * 1000) / 1000,
      r: between(random, 0.24, 0.36),
      color: 1 + (i % Math.max(1, palette.length - 1)),
    };
  });
  return { points, warp: between(random, 0.14, 0.24), base: between(random, 0.015, 0.04), grain };
}

/** The mesh colour field (shared by mesh, grain and glass). */
export function meshField(params: MeshParams, palette: readonly string[], size: Field['size'], seed: number) {
  const { width, height, scale } = size;
  const colours = palette.map(hexLab);
  const base = colours[0]!;
  const pts = params.points.map((p) => ({
    x: p.x * width,
    y: p.y * height,
    inv: 1 / (p.r * scale) ** 2,
    lab: colours[p.color % colours.length]!,
  }));
  const warp = params.warp * scale;
  const f = 1.6 / scale;
  return new Field(size, (x, y, out: Lab) => {
    const wx = x + warp * (fbm(x * f, y * f, seed, 3) - 0.5) * 2;
    const wy = y + warp * (fbm(x * f + 31.7, y * f + 17.3, seed, 3) - 0.5) * 2;
    let L = base[0] * params.base;
    let A = base[1] * params.base;
    let B = base[2] * params.base;
    let total = params.base;
    for (const p of pts) {
      const dx = wx - p.x;
      const dy = wy - p.y;
      const w = Math.exp(-(dx * dx + dy * dy) * p.inv);
      L += p.lab[0] * w;
      A += p.lab[1] * w;
      B += p.lab[2] * w;
      total += w;
    }
    out[0] = L / total;
    out[1] = A / total;
    out[2] = B / total;
  });
}

export const mesh: Generator<MeshParams> = {
  type: 'mesh',
  design: (random, palette) => designMesh(random, palette),
  draw: ({ params, palette, size, seed }) =>
    paintField(meshField(params, palette, size, seed), { seed, grain: params.grain }),
};
