/**
 * Shared fixtures for the composition tests: the fixture captures, a parameter parser, and raw
 * pixel access to a composed image.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import * as v from 'valibot';
import type { Screenshot } from '../../lib/compose/index.ts';
import { CaptureParams } from '../../lib/schemas/capture.ts';

const fixtures = fileURLToPath(new URL('../fixtures/compose/', import.meta.url));

export const desktop: Screenshot = {
  data: readFileSync(`${fixtures}page-desktop.png`),
  width: 2880,
  height: 1800,
  dpr: 2,
};
export const mobile: Screenshot = {
  data: readFileSync(`${fixtures}page-mobile.png`),
  width: 1206,
  height: 2622,
  dpr: 3,
};
export const ctx = {
  pageUrl: 'https://www.lumen.app/analytics',
  pageTitle: 'Lumen — Analytics for product teams',
};

export const params = (input: Record<string, unknown>): CaptureParams =>
  v.parse(CaptureParams, { url: ctx.pageUrl, ...input });

/** A flat-colour capture of `width`×`height` CSS px at `dpr`. */
export async function solidShot(
  width: number,
  height: number,
  dpr: number,
  color = '#ff00ff',
): Promise<Screenshot> {
  const data = await sharp({
    create: { width: width * dpr, height: height * dpr, channels: 3, background: color },
  })
    .png()
    .toBuffer();
  return { data, width: width * dpr, height: height * dpr, dpr };
}

export interface Pixels {
  data: Buffer;
  width: number;
  height: number;
  at(x: number, y: number): [number, number, number, number];
}

export async function pixels(image: Buffer): Promise<Pixels> {
  const { data, info } = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    data,
    width: info.width,
    height: info.height,
    at(x, y) {
      const i = (Math.round(y) * info.width + Math.round(x)) * 4;
      return [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
    },
  };
}

export const isMagenta = ([r, g, b, a]: number[]) => r! > 235 && g! < 25 && b! > 235 && a! > 250;

/** Bounding box of the pixels matching `match`. */
export function bounds(img: Pixels, match: (px: [number, number, number, number]) => boolean) {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (match(img.at(x, y))) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
    }
  }
  return { x0, y0, x1, y1, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** Extent of matching pixels in column `x` (first and last row). */
export function columnExtent(
  img: Pixels,
  x: number,
  match: (px: [number, number, number, number]) => boolean,
) {
  let first = -1;
  let last = -1;
  for (let y = 0; y < img.height; y++) {
    if (match(img.at(x, y))) {
      if (first < 0) first = y;
      last = y;
    }
  }
  return last - first;
}
