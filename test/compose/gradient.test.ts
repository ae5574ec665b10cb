import { describe, expect, it } from 'vitest';
import { BACKGROUND_PRESETS, presetCatalogue } from '../../lib/compose/backgrounds.ts';
import { renderGradients } from '../../lib/compose/gradient-render.ts';
import { gradientProblem, parseGradient } from '../../lib/css/gradient.ts';

const px = (buf: Buffer, w: number, x: number, y: number) => [
  ...buf.subarray((y * w + x) * 4, (y * w + x) * 4 + 4),
];
const near = (a: number[], b: number[], tol = 3) => a.every((v, i) => Math.abs(v - b[i]!) <= tol);

describe('CSS gradient parsing', () => {
  it.each([
    'linear-gradient(red, blue)',
    'linear-gradient(135deg, #6366f1 0%, #22d3ee 50%, #a855f7 100%)',
    'linear-gradient(to top left, rgb(1 2 3 / 50%), hsl(200 80% 50%))',
    'linear-gradient(0.25turn, red 10% 20%, blue)',
    'linear-gradient(red, 30%, blue)',
    'radial-gradient(circle at 20% 30%, #fff, transparent 60%)',
    'radial-gradient(ellipse 60% 40% at top right, red, blue)',
    'radial-gradient(closest-side, red, blue)',
    'radial-gradient(120px at center, red, blue)',
    'repeating-linear-gradient(45deg, #000 0 10px, #fff 10px 20px)',
    'radial-gradient(circle, red, blue), linear-gradient(90deg, black, white)',
  ])('accepts %s', (css) => {
    expect(gradientProblem(css)).toBeNull();
  });

  it.each([
    ['', 'empty'],
    ['red', 'is not a gradient'],
    ['linear-gradient(red)', 'at least two colour stops'],
    ['linear-gradient(90deg, red, blu)', '"blu" is not a colour'],
    ['linear-gradient(to middle, red, blue)', 'unknown direction "to middle"'],
    ['linear-gradient(to left right, red, blue)', 'impossible direction'],
    ['linear-gradient(red 10q, blue)', 'bad stop position "10q"'],
    ['linear-gradient(red, blue', 'unclosed'],
    ['conic-gradient(red, blue)', 'conic-gradient() is not supported'],
    ['radial-gradient(circle 10% at center, red, blue)', 'circle radius cannot be a percentage'],
    ['radial-gradient(circle at nowhere, red, blue)', 'bad position "nowhere"'],
    ['linear-gradient(red, 20%, 30%, blue)', 'transition hint'],
  ])('rejects %j naming the problem (%s)', (css, problem) => {
    expect(gradientProblem(css)).toContain(problem);
  });

  it('stacks layers with the first on top', () => {
    const layers = parseGradient('radial-gradient(red, blue), linear-gradient(black, white)');
    expect(layers.map((l) => l.kind)).toEqual(['radial', 'linear']);
  });
});

describe('gradient rendering', () => {
  it('draws a horizontal linear gradient from its first to its last stop', () => {
    const w = 200;
    const img = renderGradients(parseGradient('linear-gradient(to right, #000000, #ffffff)'), w, 10, 1);
    expect(near(px(img, w, 0, 5), [1, 1, 1, 255], 3)).toBe(true);
    expect(near(px(img, w, 199, 5), [254, 254, 254, 255], 3)).toBe(true);
    expect(near(px(img, w, 100, 5), [128, 128, 128, 255], 4)).toBe(true);
  });

  it('draws hard stops as a hard edge', () => {
    const w = 100;
    const img = renderGradients(parseGradient('linear-gradient(90deg, red 50%, blue 50%)'), w, 4, 1);
    expect(near(px(img, w, 45, 1), [255, 0, 0, 255], 2)).toBe(true);
    expect(near(px(img, w, 55, 1), [0, 0, 255, 255], 2)).toBe(true);
  });

  it('centres a radial gradient where "at" says and fades to transparent', () => {
    const w = 100;
    const img = renderGradients(
      parseGradient('radial-gradient(circle 30px at 25% 50%, #ff0000, rgba(255,0,0,0))'),
      w,
      100,
      1,
    );
    expect(near(px(img, w, 25, 50), [255, 0, 0, 255], 8)).toBe(true);
    expect(px(img, w, 25 + 15, 50)[3]).toBeGreaterThan(110);
    expect(px(img, w, 25 + 15, 50)[3]).toBeLessThan(145);
    expect(px(img, w, 90, 90)[3]).toBe(0);
  });

  it('interpolates premultiplied, so fading to transparent does not darken', () => {
    const w = 100;
    const img = renderGradients(parseGradient('linear-gradient(90deg, #ffffff, transparent)'), w, 2, 1);
    const mid = px(img, w, 50, 0);
    expect(mid[0]).toBeGreaterThan(250);
    expect(mid[3]).toBeGreaterThan(110);
    expect(mid[3]).toBeLessThan(145);
  });

  it('ships eight designed presets (the ninth is custom), each a multi-stop, multi-layer design', () => {
    const names = Object.keys(BACKGROUND_PRESETS);
    expect(names).toEqual(['aurora', 'sunset', 'ocean', 'midnight', 'arctic', 'dusk', 'forest', 'ember']);
    for (const p of presetCatalogue()) {
      expect(p.layers.length).toBeGreaterThanOrEqual(2);
      expect(p.layers.at(-1)!.stops.length).toBeGreaterThanOrEqual(3);
    }
  });
});
