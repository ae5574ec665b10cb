/**
 * @module compose/canvas
 * Canvas size (output size, aspect ratio, per-device defaults, `output.dpr`, the 6144 px cap) and
 * where the device goes on it: fitted into the box left by padding and text, per layout, scaled by
 * `device_scale` × `frame_scale` × `zoom`, shifted by the offsets, projected by the camera.
 */
import type { CaptureParams } from '../schemas/capture.ts';
import {
  MAX_OUTPUT_SIDE as MAX_SIDE,
  MAX_SUBJECT_PIXELS,
  megapixels,
  scaleToFit,
} from '../schemas/limits.ts';
import { type Camera, homography, isFlat, type Point, projectCorners } from './camera.ts';
import type { Rect } from './devices/spec.ts';

/** Default canvas (logical px) per aspect ratio: about 3.8 megapixels each. */
const SIZES: Record<Exclude<CaptureParams['aspect_ratio'], 'auto'>, [number, number]> = {
  '16:9': [2560, 1440],
  '3:2': [2400, 1600],
  '4:3': [2400, 1800],
  '1:1': [2000, 2000],
  '4:5': [1600, 2000],
  '9:16': [1440, 2560],
  '21:9': [2940, 1260],
};

const RATIO = (r: keyof typeof SIZES) => SIZES[r][0] / SIZES[r][1];

/**
 * `aspect_ratio: auto`: the standard ratio closest to the framed subject plus padding (a portrait
 * phone gets 9:16, a tablet 4:5, a laptop or a browser 3:2; cropped layouts count 80 % of the
 * height); a subject taller than 9:16 (a full-page capture) keeps its own ratio.
 */
export function autoRatio(subjectAspect: number, layout: CaptureParams['layout']): number {
  const padded = (subjectAspect + 0.16) / (1 + 0.16 * subjectAspect) / (layout === 'default' ? 1 : 0.8);
  if (padded < RATIO('9:16') * 0.9) return Math.max(0.2, padded);
  const candidates = (['16:9', '3:2', '4:3', '1:1', '4:5', '9:16'] as const).map(RATIO);
  return candidates.reduce((best, r) =>
    Math.abs(Math.log(r / padded)) < Math.abs(Math.log(best / padded)) ? r : best,
  );
}

export interface Canvas {
  /** Device pixels. */
  width: number;
  height: number;
  /** Device pixels per logical (CSS) pixel of the canvas: `output.dpr`, lowered if the cap bites. */
  unit: number;
}

/** The canvas for `p`; `subjectAspect` is the framed subject's width / height. */
/** A canvas smaller than the stills' limits (an animation's, §14). */
export interface CanvasLimits {
  maxSide: number;
  maxPixels: number;
  /** Shrink without a warning (the default size, not one the caller asked for). */
  quiet: boolean;
}

export function resolveCanvas(
  p: CaptureParams,
  subjectAspect: number,
  layout: CaptureParams['layout'],
  warnings: string[],
  limits?: CanvasLimits,
): Canvas {
  const ratio = p.aspect_ratio === 'auto' ? autoRatio(subjectAspect, layout) : RATIO(p.aspect_ratio);
  let w: number;
  let h: number;
  const ow = p.output.width;
  const oh = p.output.height;
  if (ow && oh) [w, h] = [ow, oh];
  else if (ow) [w, h] = [ow, Math.round(ow / ratio)];
  else if (oh) [w, h] = [Math.round(oh * ratio), oh];
  else {
    const std = Object.values(SIZES).find(([a, b]) => Math.abs(a / b - ratio) < 1e-3);
    // Otherwise a subject taller than 9:16 (auto ratio): 1440 px wide, as tall as the cap allows at this dpr.
    const tall = Math.min(Math.round(1440 / ratio), Math.floor(MAX_SIDE / p.output.dpr));
    [w, h] = std ?? [Math.max(16, Math.round(tall * ratio)), tall];
  }
  let unit = p.output.dpr;
  const longest = Math.max(w, h) * unit;
  if (longest > MAX_SIDE) {
    unit *= MAX_SIDE / longest;
    warnings.push(
      `The output was limited to ${MAX_SIDE} px on its longer side (output size × output.dpr was ${Math.round(longest)} px)`,
    );
  }
  if (limits) {
    const fit = Math.min(1, scaleToFit(w * unit, h * unit, limits.maxSide, limits.maxPixels));
    if (fit < 1) {
      unit *= fit;
      if (!limits.quiet)
        warnings.push(
          `The animation was drawn at ${Math.round(w * unit)}×${Math.round(h * unit)} px: its frames are at most ${limits.maxSide} px on the longer side and ${megapixels(limits.maxPixels)} each at this frame count`,
        );
    }
  }
  return { width: Math.max(1, Math.round(w * unit)), height: Math.max(1, Math.round(h * unit)), unit };
}

/** How much larger than the canvas the device may be drawn (zoomed in), per dimension. */
const MAX_OVERSIZE = 3;

/** Share of a cropped-layout device that stays on the canvas. */
const VISIBLE = 0.72;

export interface Placement {
  /** Canvas px per subject unit, in the subject's plane (before projection). */
  scale: number;
  flat: boolean;
  /** Flat: the subject's top-left on the canvas. */
  left: number;
  top: number;
  /** Projected corners on the canvas (TL, TR, BR, BL). */
  quad: Point[];
  /** Warped: the source raster's px per unit, and the homography source px → canvas px. */
  sourceScale: number;
  H: number[];
  /** Bounding box of the placed subject on the canvas. */
  bounds: Rect;
  /** Relative depth of each corner (TL, TR, BR, BL): 0 nearest … 1 farthest; all 0 when flat. */
  depth: number[];
  /** The requested scale was more than MAX_OVERSIZE × the canvas and was reduced. */
  limited: boolean;
  /** Size of the warp source's subject area in px (without the margin). */
  source: { width: number; height: number; margin: number };
}

/**
 * Places a `w`×`h`-unit subject in `box` on the canvas. The source raster for a warp is drawn at
 * `sourceScale` with a transparent `margin` px border (for anti-aliased edges).
 */
export function placeSubject(
  size: { width: number; height: number },
  cam: Camera,
  box: Rect,
  canvas: Canvas,
  userScale: number,
  margin: number,
): Placement {
  const flat = isFlat(cam);
  const { points, magnification } = projectCorners(size.width, size.height, cam);
  const xs = points.map((q) => q[0]);
  const ys = points.map((q) => q[1]);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const bw = Math.max(...xs) - minX;
  const bh = Math.max(...ys) - minY;
  const bottom = box.y + box.height;
  const fit = fitInBox(cam.layout, box, canvas, bw, bh);
  // device_scale × frame_scale × zoom, limited so the device is drawn at most MAX_OVERSIZE × the
  // canvas, and into a raster (at the nearest corner's magnification) of at most MAX_SUBJECT_PIXELS.
  const wanted = userScale * cam.frameScale * cam.zoom;
  const nearest = flat ? 1 : Math.max(...magnification);
  const k = Math.min(
    wanted,
    MAX_OVERSIZE * Math.min(canvas.width / (fit * bw), canvas.height / (fit * bh)),
    Math.sqrt(MAX_SUBJECT_PIXELS / (size.width * size.height)) / (fit * nearest),
  );
  // Canvas position of the projected bounding box's top-left.
  let cx = box.x + box.width / 2;
  let top: number;
  if (cam.layout === 'bottom-cropped') top = Math.max(box.y, canvas.height - VISIBLE * fit * k * bh);
  else if (cam.layout === 'top-cropped') top = Math.min(bottom - fit * k * bh, -(1 - VISIBLE) * fit * k * bh);
  else top = box.y + box.height / 2 - (fit * k * bh) / 2;
  const s = fit * k;
  cx += cam.offsetX * canvas.width;
  top += cam.offsetY * canvas.height;
  const left = cx - (s * bw) / 2;
  const quad = points.map(([x, y]) => [left + (x - minX) * s, top + (y - minY) * s] as Point);
  const bounds = { x: left, y: top, width: s * bw, height: s * bh };
  const placed = { limited: k < wanted, scale: s, flat, left, top, quad, bounds };
  if (flat) {
    const source = { width: size.width * s, height: size.height * s, margin: 0 };
    return { ...placed, sourceScale: s, H: [1, 0, 0, 0, 1, 0, 0, 0, 1], depth: [0, 0, 0, 0], source };
  }
  return { ...placed, ...warpSource(size, s * Math.max(...magnification), magnification, quad, margin) };
}

/** Scale (canvas px per projected unit) that fits the `bw`×`bh` projection into `box`, or crops it. */
function fitInBox(layout: Camera['layout'], box: Rect, canvas: Canvas, bw: number, bh: number): number {
  if (layout === 'bottom-cropped') return Math.min(box.width / bw, (canvas.height - box.y) / (VISIBLE * bh));
  if (layout === 'top-cropped') return Math.min(box.width / bw, (box.y + box.height) / (VISIBLE * bh));
  return Math.min(box.width / bw, box.height / bh);
}

/** Warped: the source raster drawn at `sourceScale` with a `margin` border, mapped onto `quad`. */
function warpSource(
  size: { width: number; height: number },
  sourceScale: number,
  magnification: number[],
  quad: Point[],
  margin: number,
): Pick<Placement, 'sourceScale' | 'H' | 'depth' | 'source'> {
  const sw = size.width * sourceScale;
  const sh = size.height * sourceScale;
  // 1/m = (d + z)/d is affine in z: normalise it across the corners.
  const q = magnification.map((m) => 1 / m);
  const [qMin, qMax] = [Math.min(...q), Math.max(...q)];
  const depth = q.map((v) => (qMax - qMin < 1e-9 ? 0 : (v - qMin) / (qMax - qMin)));
  const src: Point[] = [
    [margin, margin],
    [margin + sw, margin],
    [margin + sw, margin + sh],
    [margin, margin + sh],
  ];
  return { sourceScale, H: homography(src, quad), depth, source: { width: sw, height: sh, margin } };
}
