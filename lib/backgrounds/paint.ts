/**
 * @module backgrounds/paint
 * How every generator draws: smooth colour is computed on a coarse grid (`Field`, mixed in Oklab,
 * stored as sRGB) and read back per pixel with bilinear interpolation; the per-pixel pass (`paint`)
 * adds what must be sharp at the output size — pattern lines, glass edges, film grain — and a
 * one-level dither so 8-bit gradients never band. Nothing is drawn small and scaled up.
 */
import { type Lab, labRgb } from './color.ts';
import { hash2 } from './random.ts';

/** The size being drawn and the length features are measured in (so shapes keep their proportions at any aspect). */
export interface Size {
  width: number;
  height: number;
  /** √(width × height): a dot's radius or a blob's size is a fraction of this. */
  scale: number;
}

export const sizeOf = (width: number, height: number): Size => ({
  width,
  height,
  scale: Math.sqrt(width * height),
});

/** Grid spacing of a field, in output pixels: fine enough that bilinear reads as smooth. */
const STEP = 6;

/** A smooth sRGB field on a coarse grid, read at any point or a whole row at a time. */
export class Field {
  readonly cols: number;
  readonly rows: number;
  readonly data: Float32Array;
  private readonly column: Int32Array;
  private readonly frac: Float32Array;
  private readonly between: Float32Array;

  constructor(
    readonly size: Size,
    /** Oklab colour at output pixel (x, y), written into `out`. */
    colorAt: (x: number, y: number, out: Lab) => void,
    readonly step = STEP,
  ) {
    this.cols = Math.ceil(size.width / step) + 2;
    this.rows = Math.ceil(size.height / step) + 2;
    this.data = new Float32Array(this.cols * this.rows * 3);
    const lab: Lab = [0, 0, 0];
    for (let j = 0; j < this.rows; j++) {
      for (let i = 0; i < this.cols; i++) {
        colorAt(i * step, j * step, lab);
        const [r, g, b] = labRgb(lab);
        const o = (j * this.cols + i) * 3;
        this.data[o] = r;
        this.data[o + 1] = g;
        this.data[o + 2] = b;
      }
    }
    // Per output column: the grid column left of it and how far towards the next.
    this.column = new Int32Array(size.width);
    this.frac = new Float32Array(size.width);
    for (let x = 0; x < size.width; x++) {
      const g = (x + 0.5) / step;
      this.column[x] = Math.min(g | 0, this.cols - 2);
      this.frac[x] = g - this.column[x]!;
    }
    this.between = new Float32Array(this.cols * 3);
  }

  /** Bilinear sRGB at output pixel (x, y), clamped to the edges, into `out`. */
  sample(x: number, y: number, out: Float32Array | Float64Array): void {
    const gx = Math.min(Math.max(x / this.step, 0), this.cols - 1.001);
    const gy = Math.min(Math.max(y / this.step, 0), this.rows - 1.001);
    const i = gx | 0;
    const j = gy | 0;
    const fx = gx - i;
    const fy = gy - j;
    const d = this.data;
    const a = (j * this.cols + i) * 3;
    const b = a + this.cols * 3;
    const r0 = d[a]! + (d[a + 3]! - d[a]!) * fx;
    const g0 = d[a + 1]! + (d[a + 4]! - d[a + 1]!) * fx;
    const b0 = d[a + 2]! + (d[a + 5]! - d[a + 2]!) * fx;
    out[0] = r0 + (d[b]! + (d[b + 3]! - d[b]!) * fx - r0) * fy;
    out[1] = g0 + (d[b + 1]! + (d[b + 4]! - d[b + 1]!) * fx - g0) * fy;
    out[2] = b0 + (d[b + 2]! + (d[b + 5]! - d[b + 2]!) * fx - b0) * fy;
  }

  /** Row `y` of output pixels (sRGB, 3 floats each) into `out`. */
  row(y: number, out: Float32Array): void {
    const gy = (y + 0.5) / this.step;
    const j = Math.min(gy | 0, this.rows - 2);
    const fy = gy - j;
    const d = this.data;
    const mid = this.between;
    const a = j * this.cols * 3;
    const b = a + this.cols * 3;
    for (let k = 0; k < this.cols * 3; k++) mid[k] = d[a + k]! + (d[b + k]! - d[a + k]!) * fy;
    const { column, frac } = this;
    for (let x = 0, o = 0; x < this.size.width; x++, o += 3) {
      const i = column[x]! * 3;
      const f = frac[x]!;
      out[o] = mid[i]! + (mid[i + 3]! - mid[i]!) * f;
      out[o + 1] = mid[i + 1]! + (mid[i + 4]! - mid[i + 1]!) * f;
      out[o + 2] = mid[i + 2]! + (mid[i + 5]! - mid[i + 2]!) * f;
    }
  }
}

export interface PaintOptions {
  seed: number;
  /** Film grain strength, 0–0.2 (0 = none): monochrome noise, strongest in the mid-tones. */
  grain?: number;
}

/** Side of the noise tile grain and dither read from (a power of two). */
const TILE = 512;
let noiseTile: Float32Array | undefined;

/** Triangular noise in [−1, 1], built once; each row reads it from its own seeded offset, so it never visibly repeats. */
function tile(): Float32Array {
  if (!noiseTile) {
    noiseTile = new Float32Array(TILE * TILE);
    for (let y = 0; y < TILE; y++)
      for (let x = 0; x < TILE; x++)
        noiseTile[y * TILE + x] = hash2(x, y, 0x2545f491) + hash2(x, y, 0x9e3779b9) - 1;
  }
  return noiseTile;
}

/**
 * Draws every row: `shade` fills row `y` with sRGB floats (0–1, 3 per pixel); grain and a
 * one-level dither are added here. Returns raw RGBA, opaque.
 */
export function paint(
  size: Size,
  options: PaintOptions,
  shade: (y: number, row: Float32Array) => void,
): Buffer {
  const { width, height } = size;
  const grain = options.grain ?? 0;
  const seed = options.seed | 0;
  const noise = tile();
  const px = Buffer.allocUnsafe(width * height * 4);
  // Clamped writes round and saturate, so bright grain never wraps around to black.
  const out = new Uint8ClampedArray(px.buffer, px.byteOffset, px.length);
  const row = new Float32Array(width * 3);
  let o = 0;
  for (let y = 0; y < height; y++) {
    shade(y, row);
    const grainRow = ((hash2(y, 1, seed) * TILE) | 0) * TILE;
    const grainShift = (hash2(y, 2, seed) * TILE) | 0;
    const ditherRow = ((y + (seed & 0xff)) & (TILE - 1)) * TILE;
    for (let x = 0, i = 0; x < width; x++, i += 3) {
      const r = row[i]!;
      const g = row[i + 1]!;
      const b = row[i + 2]!;
      // Dither shared by the channels, so it adds no colour noise.
      let n = noise[ditherRow + ((x + 97) & (TILE - 1))]! * (1 / 255);
      if (grain > 0) {
        const lum = 0.3 * r + 0.59 * g + 0.11 * b;
        n += noise[grainRow + ((x + grainShift) & (TILE - 1))]! * grain * (0.45 + 2.2 * lum * (1 - lum));
      }
      out[o] = (r + n) * 255;
      out[o + 1] = (g + n) * 255;
      out[o + 2] = (b + n) * 255;
      out[o + 3] = 255;
      o += 4;
    }
  }
  return px;
}

/** `paint` with the field as the whole picture. */
export const paintField = (field: Field, options: PaintOptions): Buffer =>
  paint(field.size, options, (y, row) => field.row(y, row));

/** Smoothstep from `a` to `b`. */
export function smoothstep(a: number, b: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - a) / (b - a)));
  return t * t * (3 - 2 * t);
}

/** Mixes `b` into `a` (Oklab, in place) by `t`. */
export function mixInto(a: Lab, b: Lab, t: number): void {
  a[0] += (b[0] - a[0]) * t;
  a[1] += (b[1] - a[1]) * t;
  a[2] += (b[2] - a[2]) * t;
}
