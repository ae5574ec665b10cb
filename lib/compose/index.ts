/**
 * @module compose
 * Turns a capture into the styled render of contract §3: background, shadow, device frame, 3D
 * camera, depth blur, text, output encoding. Everything that does not depend on the screenshot's
 * pixels (background + shadows, the frame, text) is cached as raw pixels, so a warm render costs a
 * screenshot resize, one composite (or one warp) and the encode.
 */
import sharp, { type Sharp } from 'sharp';
import { ApiError, CaptureFailed } from '../errors.ts';
import type { CaptureParams, Format } from '../schemas/capture.ts';
import {
  type BackgroundSpec,
  glowColor,
  imageBackground,
  isDark,
  renderBackground,
  resolveBackground,
} from './backgrounds.ts';
import { layerCache } from './cache.ts';
import { invert3, resolveCamera } from './camera.ts';
import { type Canvas, type Placement, placeSubject, resolveCanvas } from './canvas.ts';
import { applyDepthBlur, type SubjectMask } from './depth-blur.ts';
import { DEVICE_FRAMES, type FrameOptions, type FrameSpec, frameOptions } from './devices/index.ts';
import type { Radii, Rect } from './devices/spec.ts';
import { CONTENT_TYPES, encode } from './encode.ts';
import { type FrameRaster, rasterizeFrame } from './frame.ts';
import {
  clippedLayer,
  clipRoundedRect,
  crop,
  fillRoundedRect,
  fromRaster,
  padRaster,
  type Raster,
  rasterBytes,
  toRaster,
} from './raster.ts';
import { castShadow, resolveShadow } from './shadow.ts';
import { layoutText } from './text.ts';
import { quadBox, warpMask, warpOver } from './warp.ts';

export { layerCache } from './cache.ts';

export interface Screenshot {
  /** PNG (or any image sharp decodes). */
  data: Buffer;
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

/** The subject before placement: a device frame or the bare screenshot, in its own units. */
interface Subject {
  width: number;
  height: number;
  /** Builds the frame (device) at a scale, given the outer corner radius in px. */
  frame?: (scale: number) => Promise<FrameRaster>;
  /** Bare screenshot: corner radius in canvas px. */
  radius: number;
}

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
  const warnings: string[] = [];
  const css = { width: shot.width / shot.dpr, height: shot.height / shot.dpr };
  const cam = resolveCamera(p);
  const subject0 = describeSubject(p, css, ctx, 1);
  const canvas = resolveCanvas(p, subject0.width / subject0.height, cam.layout, warnings);
  const { width: W, height: H, unit } = canvas;
  const bg = await resolveBackgroundWithImage(p, ctx, warnings);
  if (p.background && !p.background_image_url) {
    warnings.push(
      `background "${p.background}" is not in this deployment's catalogue; background_style was used instead`,
    );
  }
  const pad = (p.padding ?? (0.08 * Math.min(W, H)) / unit) * unit;
  const content: Rect = { x: pad, y: pad, width: W - 2 * pad, height: H - 2 * pad };
  const text = await layoutText(p, content, Math.min(W, H), unit, isDark(bg));
  const placement = placeSubject(subject0, cam, text.box, canvas, p.device_scale, MARGIN);
  const subject = describeSubject(p, css, ctx, placement.scale / unit);
  const drawScale = placement.flat ? placement.scale : placement.sourceScale;
  const frame = subject.frame ? await subject.frame(drawScale) : undefined;
  const silhouette = frame?.silhouette ?? (await bareSilhouette(subject, drawScale));

  const staticKey = JSON.stringify([
    bg.key,
    W,
    H,
    unit,
    p.shadow,
    p.shadow_color,
    p.shadow_blur,
    p.shadow_offset_x,
    p.shadow_offset_y,
    p.shadow_spread,
    p.shadow_opacity,
    placement.quad,
    frameKey(p, css, ctx, drawScale, subject),
  ]);
  const scene0 = await layerCache.get(
    `static:${staticKey}`,
    () => staticLayer(bg, canvas, p, placement, silhouette),
    (s) => rasterBytes(s.raster),
  );

  const screen = frame
    ? frame.screen
    : {
        x: 0,
        y: 0,
        width: subject.width * drawScale,
        height: subject.height * drawScale,
        radii: radii(subject.radius * drawScale),
      };
  const box = frame
    ? frame.screenBox
    : { x: 0, y: 0, width: Math.ceil(screen.width), height: Math.ceil(screen.height) };
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
  return finish(
    fromRaster(scene).composite(textLayers(text.overlays, W, H)),
    p,
    canvas,
    scene0.opaque,
    warnings,
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

const radii = (r: number): Radii => [r, r, r, r];

/** Default corner radius of a bare screenshot: 1.25 % of its shorter side (~11 px on a 1440×900 page). */
const BARE_RADIUS = 0.0125;

function describeSubject(
  p: CaptureParams,
  css: { width: number; height: number },
  ctx: ComposeContext,
  pxPerUnitLogical: number,
): Subject {
  if (!p.device) {
    return {
      width: css.width,
      height: css.height,
      radius:
        p.corner_radius !== undefined
          ? p.corner_radius / pxPerUnitLogical
          : BARE_RADIUS * Math.min(css.width, css.height),
    };
  }
  const spec = deviceSpec(p, css, ctx, pxPerUnitLogical);
  return {
    width: spec.width,
    height: spec.height,
    radius: 0,
    frame: (scale) =>
      layerCache.get(
        `frame:${frameKey(p, css, ctx, scale)}`,
        () => rasterizeFrame(spec, scale),
        (f) => rasterBytes(f.image) + rasterBytes(f.silhouette),
      ),
  };
}

function deviceOptions(
  p: CaptureParams,
  css: { width: number; height: number },
  ctx: ComposeContext,
): FrameOptions {
  return frameOptions(
    p.device!,
    p.device_color,
    { width: Math.round(css.width), height: Math.round(css.height) },
    { url: ctx.pageUrl, title: ctx.pageTitle },
  );
}

/** `corner_radius` is in canvas px; frames take it in their own units. */
function deviceSpec(
  p: CaptureParams,
  css: { width: number; height: number },
  ctx: ComposeContext,
  pxPerUnitLogical: number,
): FrameSpec {
  const o = deviceOptions(p, css, ctx);
  if (p.corner_radius !== undefined) o.cornerRadius = p.corner_radius / pxPerUnitLogical;
  return DEVICE_FRAMES[p.device!].frame(o);
}

function frameKey(
  p: CaptureParams,
  css: { width: number; height: number },
  ctx: ComposeContext,
  scale: number,
  subject?: Subject,
): string {
  if (!p.device)
    return JSON.stringify(['bare', Math.round(css.width), Math.round(css.height), subject?.radius, scale]);
  const o = deviceOptions(p, css, ctx);
  return JSON.stringify([p.device, o, p.corner_radius, Math.round(scale * 1e5)]);
}

async function bareSilhouette(subject: Subject, scale: number): Promise<Raster> {
  const w = Math.ceil(subject.width * scale);
  const h = Math.ceil(subject.height * scale);
  const r = subject.radius * scale;
  return layerCache.get(
    `bare-mask:${w}x${h}:${r}`,
    async () => {
      const mask: Raster = { data: Buffer.alloc(w * h), width: w, height: h, channels: 1 };
      fillRoundedRect(
        mask,
        { x: 0, y: 0, width: subject.width * scale, height: subject.height * scale },
        radii(r),
      );
      return mask;
    },
    rasterBytes,
  );
}

async function resolveBackgroundWithImage(
  p: CaptureParams,
  ctx: ComposeContext,
  warnings: string[],
): Promise<BackgroundSpec> {
  const url = p.background_image_url;
  if (!url) return resolveBackground(p);
  if (!ctx.fetchImage) {
    warnings.push('background_image_url is not available here; background_style was used instead');
    return resolveBackground(p);
  }
  try {
    return await imageBackground(url, await ctx.fetchImage(url));
  } catch (err) {
    warnings.push(
      `background_image_url could not be used (${(err as Error).message}); background_style was used instead`,
    );
    return resolveBackground(p);
  }
}

/** Background + shadows, cached per parameter set; `opaque` tells the encoder it may drop alpha. */
async function staticLayer(
  bg: BackgroundSpec,
  canvas: Canvas,
  p: CaptureParams,
  placement: Placement,
  silhouette: Raster,
): Promise<{ raster: Raster; opaque: boolean; subject: SubjectMask }> {
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
    const full = warpMask(padRaster(silhouette, MARGIN), invert3(placement.H), qb, W, H);
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

/**
 * The screenshot resized to cover `box` (anchored at the top: a tall capture shows its top, like the
 * device's viewport would), clipped to the screen's rounded corners.
 */
async function screenshotInto(shot: Screenshot, box: Rect, screen: Rect & { radii: Radii }): Promise<Raster> {
  const target = box.width / box.height;
  let img = sharp(shot.data);
  if (shot.width / shot.height < target - 1e-6) {
    const h = Math.max(1, Math.round(shot.width / target));
    if (h < shot.height) img = img.extract({ left: 0, top: 0, width: shot.width, height: h });
  }
  const pixels = await toRaster(
    img.resize(box.width, box.height, { fit: 'cover', position: 'top' }).ensureAlpha(),
  );
  clipRoundedRect(pixels, box, screen, screen.radii);
  return pixels;
}

/**
 * The screenshot under the frame, as one raster (the warp source). Done in JS over the screen box
 * only: most of it is the frame's hole, where the screenshot is copied as is.
 */
function underFrame(frame: FrameRaster, pixels: Raster): Raster {
  const out: Raster = { ...frame.image, data: Buffer.from(frame.image.data) };
  const d = out.data;
  const s = pixels.data;
  const { x: bx, y: by } = frame.screenBox;
  for (let y = 0; y < pixels.height; y++) {
    const ty = y + by;
    if (ty < 0 || ty >= out.height) continue;
    for (let x = 0; x < pixels.width; x++) {
      const tx = x + bx;
      if (tx < 0 || tx >= out.width) continue;
      const i = (y * pixels.width + x) * 4;
      const j = (ty * out.width + tx) * 4;
      const fa = d[j + 3]!;
      if (fa === 255) continue;
      const sa = s[i + 3]!;
      if (fa === 0) {
        d[j] = s[i]!;
        d[j + 1] = s[i + 1]!;
        d[j + 2] = s[i + 2]!;
        d[j + 3] = sa;
        continue;
      }
      // Frame over screenshot.
      const f = fa / 255;
      const b = (sa / 255) * (1 - f);
      const oa = f + b;
      if (oa <= 0) continue;
      for (let c = 0; c < 3; c++) d[j + c] = ((d[j + c]! * f + s[i + c]! * b) / oa + 0.5) | 0;
      d[j + 3] = (oa * 255 + 0.5) | 0;
    }
  }
  return out;
}
