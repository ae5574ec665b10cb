/**
 * @module backgrounds/generators/studio
 * Dark studio backdrops, like a product shot on a cyclorama: a back wall lit by a soft spotlight
 * behind the subject, a floor that curves up into the wall at the horizon, the spotlight's
 * reflection pooled on the floor, a coloured rim light from one side and a vignette.
 */
import { hexLab, type Lab } from '../color.ts';
import { Field, mixInto, paintField, smoothstep } from '../paint.ts';
import { between, type Generator } from './types.ts';

export interface StudioParams {
  /** Horizon (where wall meets floor), fraction of the height. */
  horizon: number;
  /** Spotlight centre (fraction of the canvas) and radius (fraction of the scale). */
  spot: { x: number; y: number; r: number; strength: number };
  /** Rim light side (−1 left, 1 right) and strength. */
  rim: { side: -1 | 1; strength: number };
  /** Floor reflection strength (0–1). */
  reflection: number;
  /** Vignette strength (0–1). */
  vignette: number;
  grain: number;
}

export const studio: Generator<StudioParams> = {
  type: 'studio',
  design(random) {
    return {
      horizon: between(random, 0.66, 0.76),
      spot: {
        x: between(random, 0.42, 0.58),
        y: between(random, 0.28, 0.42),
        r: between(random, 0.26, 0.36),
        strength: between(random, 0.85, 1),
      },
      rim: { side: random() < 0.5 ? -1 : 1, strength: between(random, 0.25, 0.45) },
      reflection: between(random, 0.35, 0.6),
      vignette: between(random, 0.55, 0.8),
      grain: between(random, 0.018, 0.03),
    };
  },
  draw({ params, palette, size, seed }) {
    const { width, height, scale } = size;
    const colours = palette.map(hexLab);
    const wall = colours[0]!;
    const light = colours[1] ?? wall;
    const rimLab = colours[2] ?? light;
    const floor: Lab = [wall[0] * 0.7, wall[1] * 0.8, wall[2] * 0.8];
    const horizon = params.horizon * height;
    const spot = {
      x: params.spot.x * width,
      y: params.spot.y * height,
      inv: 1 / (params.spot.r * scale) ** 2,
    };
    const cove = 0.05 * height;
    const field = new Field(size, (x, y, out: Lab) => {
      // Wall above, floor below, blended through the curved cove.
      const onFloor = smoothstep(horizon - cove, horizon + cove, y);
      out[0] = wall[0];
      out[1] = wall[1];
      out[2] = wall[2];
      mixInto(out, floor, onFloor);
      const dx = x - spot.x;
      const dy = y - spot.y;
      const wallLight = Math.exp(-(dx * dx * 0.5 + dy * dy) * spot.inv) * (1 - onFloor);
      // The floor catches the spot where it meets the wall, and mirrors it, squashed and dimmer.
      const past = (y - horizon - cove * 0.5) / (0.05 * height);
      const spill = Math.exp(-past * past) * Math.exp(-dx * dx * spot.inv * 0.35) * 0.55;
      const ry = (2 * horizon - y - spot.y) * 2.4;
      const mirror = Math.exp(-(dx * dx * 0.4 + ry * ry) * spot.inv) * params.reflection;
      const floorLight = (spill + mirror) * onFloor;
      mixInto(out, light, Math.min(1, (wallLight + floorLight) * params.spot.strength));
      // Rim light: a soft colour wash rising from one lower side.
      const rx = params.rim.side > 0 ? width - x : x;
      const rim = Math.exp(-((rx / (0.35 * scale)) ** 2)) * smoothstep(0.1, 0.9, y / height);
      mixInto(out, rimLab, rim * params.rim.strength);
      // Vignette: darker toward the corners.
      const vx = (x / width - 0.5) * 2;
      const vy = (y / height - 0.45) * 2;
      out[0] *= 1 - params.vignette * smoothstep(0.5, 1.6, vx * vx + vy * vy) * 0.8;
    });
    return paintField(field, { seed, grain: params.grain });
  },
};
