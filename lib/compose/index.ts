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
import { CAPTURE_PIXEL_BUDGET, MAX_SUBJECT_PIXELS, megapixels } from '../schemas/limits.ts';
import { type BackgroundSpec, imageBackground, isDark, resolveBackground } from './backgrounds.ts';
import { layerCache } from './cache.ts';
import { invert3, resolveCamera } from './camera.ts';
import { type Canvas, type Placement, placeSubject, resolveCanvas } from './canvas.ts';
import { type BackgroundStore, catalogueSpec } from './catalogue.ts';
import { applyDepthBlur } from './depth-blur.ts';
import type { Rect } from './devices/spec.ts';
import { CONTENT_TYPES, encode } from './encode.ts';
import { clippedLayer, fromRaster, padRaster, type Raster, rasterBytes, toRaster } from './raster.ts';
import { type StaticLayer, staticLayer } from './static-layer.ts';
import { describeSubject, frameKey, screenOf, screenshotInto, silhouetteOf, underFrame } from './subject.ts';
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
  const warnings: string[] = [];
  const page = { url: ctx.pageUrl, title: ctx.pageTitle };
  const css = { width: shot.width / shot.dpr, height: shot.height / shot.dpr };
  const cam = resolveCamera(p);
  const natural = describeSubject(p, css, page, 1);
  const canvas = resolveCanvas(p, natural.width / natural.height, cam.layout, warnings);
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
  const subjectKey = frameKey(p, css, page, drawScale, subject);
  const scene0 = await cachedStaticLayer(p, bg, canvas, placement, silhouette, subjectKey);

  const { screen, box } = screenOf(subject, frame, drawScale);
  const pixels = await screenshotInto(shot, box, screen);
  let scene: Raster;
  if (placement.flat) {
    const layers = [clippedLayer(pixels, placement.left + box.x, placement.top + box.y, W, H)];
    if (frame) layers.push(clippedLayer(frame.image, placement.left, placement.top, W, H));
    const flat = layers.filter((l) => l !== null);
    if (p.depth_blur === 0) {
      const all = [...flat, ...textLayers(text.overlays, W, H)];
      return finish(fromRaster(scene0.raster).composite(all), p, canvas, scene0.opaque, warnings);
    }
    scene = await toRaster(fromRaster(scene0.raster).composite(flat));
  } else {
    // The warp draws into the scene: work on a copy of the cached layer.
    scene = { ...scene0.raster, data: Buffer.from(scene0.raster.data) };
    const source = frame ? underFrame(frame, pixels) : pixels;
    warpOver(scene, padRaster(source, MARGIN), invert3(placement.H), quadBox(placement.quad, W, H));
  }
  if (p.depth_blur > 0) await applyDepthBlur(scene, p, scene0.subject, placement);
  const withText = fromRaster(scene).composite(textLayers(text.overlays, W, H));
  return finish(withText, p, canvas, scene0.opaque, warnings);
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
