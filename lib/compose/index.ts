/**
 * @module compose
 * Turns a capture into the styled render of contract §3: background, shadow, device frame, 3D
 * camera, depth blur, text, output encoding. Everything that does not depend on the screenshot's
 * pixels (background + shadows, the frame, text) is cached as raw pixels, so a warm render costs a
 * screenshot resize, one composite (or one warp) and the encode.
 */
import type { Sharp } from 'sharp';
import { ApiError, CaptureFailed } from '../errors.ts';
import type { CaptureParams, Format } from '../schemas/capture.ts';
import {
  ANIMATION_MAX_SIDE,
  ANIMATION_PIXEL_BUDGET,
  CAPTURE_PIXEL_BUDGET,
  MAX_SUBJECT_PIXELS,
  megapixels,
} from '../schemas/limits.ts';
import { type BackgroundSpec, imageBackground, isDark, resolveBackground } from './backgrounds.ts';
import { layerCache } from './cache.ts';
import { invert3, resolveCamera } from './camera.ts';
import { type Canvas, type CanvasLimits, type Placement, placeSubject, resolveCanvas } from './canvas.ts';
import { type BackgroundStore, catalogueSpec } from './catalogue.ts';
import { applyDepthBlur } from './depth-blur.ts';
import type { Rect } from './devices/spec.ts';
import { CONTENT_TYPES, encode, encodeAnimation } from './encode.ts';
import { clippedLayer, fromRaster, padRaster, type Raster, rasterBytes, toRaster } from './raster.ts';
import { type StaticLayer, staticLayer } from './static-layer.ts';
import {
  describeSubject,
  frameKey,
  NO_PAGE,
  screenOf,
  screenshotInto,
  silhouetteOf,
  underFrame,
} from './subject.ts';
import { layoutText } from './text.ts';
import { quadBox, warpOver } from './warp.ts';

export { layerCache } from './cache.ts';
export type { BackgroundStore } from './catalogue.ts';

export interface Screenshot {
  /** PNG (or any image sharp decodes), or decoded pixels when `channels` is set. */
  data: Buffer;
  /** Set when `data` holds decoded pixels (width × height × channels bytes), not an encoded image. */
  channels?: 3 | 4;
  /** Device pixels. */
  width: number;
  height: number;
  dpr: number;
}

export interface ComposeContext {
  pageUrl: string;
  pageTitle?: string;
  /**
   * Fetches `background_image_url`; the caller passes one that enforces the private-address
   * protection and a size cap. Without it the image is skipped with a warning.
   */
  fetchImage?: (url: string) => Promise<Buffer>;
  /** Keeps drawn catalogue backgrounds between processes (S3); without it they are cached in memory only. */
  backgrounds?: BackgroundStore;
}

export interface Composed {
  data: Buffer;
  width: number;
  height: number;
  format: Format;
  contentType: string;
  warnings: string[];
}

/** Transparent border around a warped source, so its edges anti-alias into the background. */
const MARGIN = 2;

export async function compose(
  shot: Screenshot,
  params: CaptureParams,
  ctx: ComposeContext,
): Promise<Composed> {
  try {
    return await composeUnchecked(shot, params, ctx);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new CaptureFailed('render_failed', `The capture could not be composed: ${(err as Error).message}`);
  }
}

async function composeUnchecked(shot: Screenshot, p: CaptureParams, ctx: ComposeContext): Promise<Composed> {
  checkPixelBudget(shot);
  const scene = await prepareScene(shot, p, ctx);
  return finish(await scene.paint(shot), p, scene.canvas, scene.opaque, scene.warnings);
}

/** A composition ready for pixels: everything drawn that does not depend on the screenshot's. */
interface Scene {
  canvas: Canvas;
  /** No transparent pixel: the encoder may drop alpha. */
  opaque: boolean;
  warnings: string[];
  /** The screenshot (of the size the scene was prepared for) composed into the scene. */
  paint(shot: Screenshot): Promise<Sharp>;
}

/**
 * Background, shadows, frame, text and placement for a screenshot of `size`; painting a shot
 * into it is then the screen resize and one composite (or one warp) — once per frame of an
 * animation. `canvasLimits` shrinks the canvas (an animation's frames, §14).
 */
async function prepareScene(
  size: Omit<Screenshot, 'data' | 'channels'>,
  p: CaptureParams,
  ctx: ComposeContext,
  canvasLimits?: CanvasLimits,
): Promise<Scene> {
  const warnings: string[] = [];
  const shot = size;
  const page = { url: ctx.pageUrl, title: ctx.pageTitle };
  const css = { width: shot.width / shot.dpr, height: shot.height / shot.dpr };
  const cam = resolveCamera(p);
  const natural = describeSubject(p, css, page, 1);
  const canvas = resolveCanvas(p, natural.width / natural.height, cam.layout, warnings, canvasLimits);
  const { width: W, height: H, unit } = canvas;
  const bg = await resolveBackgroundWithImage(p, ctx, warnings);
  const text = await layoutText(p, contentRect(p, canvas, warnings), Math.min(W, H), unit, isDark(bg));
  const placement = placeSubject(natural, cam, text.box, canvas, p.device_scale, MARGIN);
  if (placement.limited)
    warnings.push(
      `device_scale × frame_scale × zoom was limited: the device is drawn at most 3× the canvas size and ${megapixels(MAX_SUBJECT_PIXELS)}`,
    );
  // Now that the scale is known, corner_radius (canvas px) can be turned into the subject's units.
  const subject = describeSubject(p, css, page, placement.scale / unit);
  const drawScale = placement.flat ? placement.scale : placement.sourceScale;
  const frame = subject.frame ? await subject.frame(drawScale) : undefined;
  const silhouette = await silhouetteOf(subject, frame, drawScale);
  // The static layer (background, shadows) depends on the frame's shape, not on the host and
  // title a browser window shows in it: one key for every page.
  const subjectKey = frameKey(p, css, NO_PAGE, drawScale, subject);
  const scene0 = await cachedStaticLayer(p, bg, canvas, placement, silhouette, subjectKey);

  const { screen, box } = screenOf(subject, frame, drawScale);
  const texts = textLayers(text.overlays, W, H);
  const paint = async (shot: Screenshot): Promise<Sharp> => {
    const pixels = await screenshotInto(shot, box, screen);
    let scene: Raster;
    if (placement.flat) {
      const layers = [clippedLayer(pixels, placement.left + box.x, placement.top + box.y, W, H)];
      if (frame) layers.push(clippedLayer(frame.image, placement.left, placement.top, W, H));
      const flat = layers.filter((l) => l !== null);
      if (p.depth_blur === 0) return fromRaster(scene0.raster).composite([...flat, ...texts]);
      scene = await toRaster(fromRaster(scene0.raster).composite(flat));
    } else {
      // The warp draws into the scene: work on a copy of the cached layer.
      scene = { ...scene0.raster, data: Buffer.from(scene0.raster.data) };
      const source = frame ? underFrame(frame, pixels) : pixels;
      warpOver(scene, padRaster(source, MARGIN), invert3(placement.H), quadBox(placement.quad, W, H));
    }
    if (p.depth_blur > 0) await applyDepthBlur(scene, p, scene0.subject, placement);
    return fromRaster(scene).composite(texts);
  };
  return { canvas, opaque: scene0.opaque, warnings, paint };
}

/**
 * An animation (§14): every frame composed into one scene — background, shadows, frame and text
 * drawn once, each frame costing the screen resize and the composite or warp — and encoded as
 * one animated WebP or GIF.
 */
export async function composeAnimation(
  frames: Screenshot[],
  delayMs: number,
  p: CaptureParams,
  ctx: ComposeContext,
): Promise<Composed> {
  try {
    const first = frames[0]!;
    checkPixelBudget(first);
    const scene = await prepareScene(first, p, ctx, animationLimits(frames.length, p));
    const { width, height } = scene.canvas;
    const channels = scene.opaque ? 3 : 4;
    // A position the recording repeats is the same picture: composed once.
    const distinct = [...new Set(frames.map((f) => f.data))];
    const byData = new Map(frames.map((f) => [f.data, f]));
    const painted = new Map<Buffer, Buffer>();
    await inParallel(distinct, PAINTS_AT_ONCE, async (data) => {
      const img = await scene.paint(byData.get(data)!);
      painted.set(data, await (channels === 3 ? img.removeAlpha() : img.ensureAlpha()).raw().toBuffer());
    });
    const data = frames.map((f) => painted.get(f.data)!);
    const format = p.output.format as 'webp' | 'gif';
    const encoded = await encodeAnimation(
      { data, width, height, channels, delayMs },
      format,
      p.output.quality,
    );
    return {
      data: encoded,
      width,
      height,
      format,
      contentType: CONTENT_TYPES[format],
      warnings: scene.warnings,
    };
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new CaptureFailed(
      'render_failed',
      `The animation could not be composed: ${(err as Error).message}`,
    );
  }
}

/** Frames painted at once: libvips works each on its own threads, so two keep both cores busy. */
const PAINTS_AT_ONCE = 2;

async function inParallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** An animation's canvas: at most `ANIMATION_MAX_SIDE`, and all its frames within the pixel budget. */
function animationLimits(frames: number, p: CaptureParams): CanvasLimits {
  return {
    maxSide: ANIMATION_MAX_SIDE,
    maxPixels: Math.floor(ANIMATION_PIXEL_BUDGET / frames),
    // A size the caller asked for is worth a warning when it shrinks; the default canvas is not.
    quiet: p.output.width === undefined && p.output.height === undefined && p.output.dpr === 1,
  };
}

function checkPixelBudget(shot: Screenshot): void {
  // The capture engine never makes a larger one; the decode below refuses one that lies about its size.
  if (shot.width * shot.height > CAPTURE_PIXEL_BUDGET) {
    throw new CaptureFailed(
      'render_failed',
      `The capture is ${shot.width}×${shot.height} px (${megapixels(shot.width * shot.height)}); the composer takes at most ${megapixels(CAPTURE_PIXEL_BUDGET)}`,
    );
  }
}

/** The canvas inside the padding, where the device and text go. */
function contentRect(p: CaptureParams, canvas: Canvas, warnings: string[]): Rect {
  const { width: W, height: H, unit } = canvas;
  const wantedPad = (p.padding ?? (0.08 * Math.min(W, H)) / unit) * unit;
  // Leave at least a fifth of the canvas for the device.
  const pad = Math.min(wantedPad, 0.4 * Math.min(W, H));
  if (pad < wantedPad)
    warnings.push(`padding was reduced to ${Math.round(pad / unit)} px to leave room for the device`);
  return { x: pad, y: pad, width: W - 2 * pad, height: H - 2 * pad };
}

/**
 * Background and shadows, which do not depend on the screenshot's pixels: cached under everything
 * that shapes them, so a warm render skips drawing them.
 */
function cachedStaticLayer(
  p: CaptureParams,
  bg: BackgroundSpec,
  canvas: Canvas,
  placement: Placement,
  silhouette: Raster,
  subjectKey: string,
): Promise<StaticLayer> {
  const shadowKey = [
    p.shadow,
    p.shadow_color,
    p.shadow_blur,
    p.shadow_offset_x,
    p.shadow_offset_y,
    p.shadow_spread,
    p.shadow_opacity,
  ];
  const staticKey = JSON.stringify([
    bg.key,
    canvas.width,
    canvas.height,
    canvas.unit,
    shadowKey,
    placement.quad,
    subjectKey,
  ]);
  return layerCache.get(
    `static:${staticKey}`,
    () => staticLayer(bg, canvas, p, placement, silhouette),
    (s) => rasterBytes(s.raster) + rasterBytes(s.subject.mask),
  );
}

async function finish(
  img: Sharp,
  p: CaptureParams,
  canvas: Canvas,
  opaque: boolean,
  warnings: string[],
): Promise<Composed> {
  const format = p.output.format;
  const data = await encode(img, format, p.output.quality, opaque);
  return {
    data,
    width: canvas.width,
    height: canvas.height,
    format,
    contentType: CONTENT_TYPES[format],
    warnings,
  };
}

const textLayers = (overlays: { raster: Raster; left: number; top: number }[], W: number, H: number) =>
  overlays.map((o) => clippedLayer(o.raster, o.left, o.top, W, H)).filter((l) => l !== null);

async function resolveBackgroundWithImage(
  p: CaptureParams,
  ctx: ComposeContext,
  warnings: string[],
): Promise<BackgroundSpec> {
  const url = p.background_image_url;
  if (!url) return styleBackground(p, ctx, warnings);
  if (!ctx.fetchImage) {
    warnings.push('background_image_url is not available here; background_style was used instead');
    return styleBackground(p, ctx, warnings);
  }
  try {
    return await imageBackground(url, await ctx.fetchImage(url));
  } catch (err) {
    warnings.push(
      `background_image_url could not be used (${(err as Error).message}); background_style was used instead`,
    );
    return styleBackground(p, ctx, warnings);
  }
}

/** `background` (a catalogue reference) over `background_style` + preset/colour/gradient (§3). */
function styleBackground(p: CaptureParams, ctx: ComposeContext, warnings: string[]): BackgroundSpec {
  if (!p.background) return resolveBackground(p);
  const spec = catalogueSpec(p, ctx.backgrounds);
  if (spec) return spec;
  // Requests are checked against the catalogue before they run; only a job queued before a
  // deployment removed the background gets here.
  warnings.push(
    `background "${p.background}" is not in this deployment's catalogue; background_style was used instead`,
  );
  return resolveBackground(p);
}
