/**
 * @module compose/static-layer
 * Everything under the screenshot that does not depend on its pixels: the background and the
 * shadows cast from the placed (possibly projected) silhouette, plus that silhouette's coverage
 * of the canvas for the `lens` depth blur. Cached per parameter set by the caller.
 */

import type { CaptureParams } from '../schemas/capture.ts';
import { type BackgroundSpec, glowColor, renderBackground } from './backgrounds.ts';
import { invert3 } from './camera.ts';
import type { Canvas, Placement } from './canvas.ts';
import type { SubjectMask } from './depth-blur.ts';
import { clippedLayer, crop, fromRaster, padRaster, type Raster, toRaster } from './raster.ts';
import { castShadow, resolveShadow } from './shadow.ts';
import { quadBox, warpMask } from './warp.ts';

export interface StaticLayer {
  raster: Raster;
  /** No transparent pixel: the encoder may drop alpha. */
  opaque: boolean;
  subject: SubjectMask;
}

/** Background + shadows, cached per parameter set; `opaque` tells the encoder it may drop alpha. */
export async function staticLayer(
  bg: BackgroundSpec,
  canvas: Canvas,
  p: CaptureParams,
  placement: Placement,
  silhouette: Raster,
): Promise<StaticLayer> {
  const { width: W, height: H, unit } = canvas;
  const background: Raster = {
    data: await renderBackground(bg, W, H, unit),
    width: W,
    height: H,
    channels: 4,
  };
  const shortSide = Math.min(placement.bounds.width, placement.bounds.height);
  const shadows = resolveShadow(p, shortSide, unit, glowColor(bg));
  let raster = background;
  // The subject's coverage on the canvas: shadows are cast from it, `lens` depth blur reads it.
  let mask = silhouette;
  let at = { x: Math.round(placement.left), y: Math.round(placement.top) };
  if (!placement.flat) {
    const qb = quadBox(placement.quad, W, H);
    const full = warpMask(padRaster(silhouette, placement.source.margin), invert3(placement.H), qb, W, H);
    mask = crop(full, {
      x: qb.x0,
      y: qb.y0,
      width: Math.max(1, qb.x1 - qb.x0),
      height: Math.max(1, qb.y1 - qb.y0),
    });
    at = { x: qb.x0, y: qb.y0 };
  }
  if (shadows.length) {
    const cast = await Promise.all(shadows.map((s) => castShadow(mask, at, s)));
    const layers = cast
      .reverse()
      .map((c) => clippedLayer(c.raster, c.left, c.top, W, H))
      .filter((l) => l !== null);
    raster = await toRaster(fromRaster(background).composite(layers));
  }
  let opaque = true;
  for (let i = 3; i < raster.data.length; i += 4) {
    if (raster.data[i] !== 255) {
      opaque = false;
      break;
    }
  }
  return { raster, opaque, subject: { mask, x: at.x, y: at.y } };
}
