/**
 * @module backgrounds/generators/types
 * A generator turns a background's parameters and palette into pixels at any size. `design` makes
 * the parameters from the background's seed once, when the catalogue is built, so they can be
 * listed (`/v1/backgrounds`) and a background always draws the same way.
 */
import type { Size } from '../paint.ts';

export interface DrawInput<P> {
  params: P;
  /** Hex colours; [0] is the base, the rest are the lights/accents, in the order the design uses them. */
  palette: readonly string[];
  size: Size;
  seed: number;
}

export interface Generator<P extends object> {
  /** What `/v1/backgrounds?type=` filters on. */
  readonly type: string;
  design(random: () => number, palette: readonly string[]): P;
  draw(input: DrawInput<P>): Buffer;
}

/** A random number in [a, b), rounded to 3 decimals so listed parameters stay readable. */
export const between = (random: () => number, a: number, b: number) =>
  Math.round((a + (b - a) * random()) * 1000) / 1000;
