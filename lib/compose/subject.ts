/**
 * @module compose/subject
 * What gets framed and placed: a device frame (rasterised and cached per scale) or the bare
 * screenshot with rounded corners; the silhouette shadows are cast from; the screenshot fitted
 * into the screen.
 */
import sharp from 'sharp';
import type { CaptureParams } from '../schemas/capture.ts';
import { CAPTURE_PIXEL_BUDGET } from '../schemas/limits.ts';
import { layerCache } from './cache.ts';
import { DEVICE_FRAMES, type FrameOptions, type FrameSpec, frameOptions } from './devices/index.ts';
import type { Radii, Rect } from './devices/spec.ts';
import { type FrameRaster, rasterizeChrome, withPage } from './frame.ts';
import { clipRoundedRect, fillRoundedRect, type Raster, rasterBytes, toRaster } from './raster.ts';

export interface Page {
  url: string;
  title?: string;
}

/** CSS size of the capture. */
export interface CssSize {
  width: number;
  height: number;
}

/** The screenshot as compose receives it. */
export interface Shot {
  data: Buffer;
  width: number;
  height: number;
  /** Set when `data` holds decoded pixels rather than an encoded image. */
  channels?: 3 | 4;
}

/** The subject before placement: a device frame or the bare screenshot, in its own units. */
export interface Subject {
  width: number;
  height: number;
  /** Device: the frame rasterised at `scale` px per unit (cached). */
  frame?: (scale: number) => Promise<FrameRaster>;
  /** Bare screenshot: corner radius in its own units (CSS px of the capture). */
  radius: number;
}

const radii = (r: number): Radii => [r, r, r, r];

/** Default corner radius of a bare screenshot: 1.25 % of its shorter side (~11 px on a 1440×900 page). */
const BARE_RADIUS = 0.0125;

/**
 * The subject of a capture of `css` size. `pxPerUnitLogical` (logical canvas px per subject unit)
 * converts `corner_radius`; before placement it is not known yet and 1 stands in (sizes do not
 * depend on it).
 */
export function describeSubject(
  p: CaptureParams,
  css: CssSize,
  page: Page,
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
  const spec = deviceSpec(p, css, page, pxPerUnitLogical);
  return {
    width: spec.width,
    height: spec.height,
    radius: 0,
    // The chrome is drawn once per device, colour and size; a frame that shows the page gets its
    // host and title drawn over a copy (compose/frame).
    frame: (scale) => {
      const chrome = () =>
        layerCache.get(
          `chrome:${frameKey(p, css, NO_PAGE, scale)}`,
          () => rasterizeChrome(spec, scale),
          frameBytes,
        );
      if (!spec.texts?.length && !spec.marks?.length) return chrome();
      return layerCache.get(
        `frame:${frameKey(p, css, page, scale)}`,
        async () => withPage(await chrome(), spec, scale),
        frameBytes,
      );
    },
  };
}

const frameBytes = (f: FrameRaster) => rasterBytes(f.image) + rasterBytes(f.silhouette);

function deviceOptions(p: CaptureParams, css: CssSize, page: Page): FrameOptions {
  return frameOptions(
    p.device!,
    p.device_color,
    { width: Math.round(css.width), height: Math.round(css.height) },
    page,
  );
}

/** `corner_radius` is in canvas px; frames take it in their own units. */
function deviceSpec(p: CaptureParams, css: CssSize, page: Page, pxPerUnitLogical: number): FrameSpec {
  const o = deviceOptions(p, css, page);
  if (p.corner_radius !== undefined) o.cornerRadius = p.corner_radius / pxPerUnitLogical;
  return DEVICE_FRAMES[p.device!].frame(o);
}

/**
 * No page: what a frame's own layers are keyed by — the chrome of a browser window, the static
 * layer (background, shadows) under any frame — so every page shares them.
 */
export const NO_PAGE: Page = { url: '', title: '' };

export function frameKey(
  p: CaptureParams,
  css: CssSize,
  page: Page,
  scale: number,
  subject?: Subject,
): string {
  if (!p.device)
    return JSON.stringify(['bare', Math.round(css.width), Math.round(css.height), subject?.radius, scale]);
  const o = deviceOptions(p, css, page);
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

/**
 * The screenshot resized to cover `box` (anchored at the top: a tall capture shows its top, like the
 * device's viewport would), clipped to the screen's rounded corners.
 */
export async function screenshotInto(
  shot: Shot,
  box: Rect,
  screen: Rect & { radii: Radii },
): Promise<Raster> {
  const target = box.width / box.height;
  let img = sharp(shot.data, {
    limitInputPixels: CAPTURE_PIXEL_BUDGET,
    ...(shot.channels ? { raw: { width: shot.width, height: shot.height, channels: shot.channels } } : {}),
  });
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
export function underFrame(frame: FrameRaster, pixels: Raster): Raster {
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

/** The subject's silhouette at `scale`: the frame's (frame ∪ screen), or the rounded screenshot's. */
export function silhouetteOf(
  subject: Subject,
  frame: FrameRaster | undefined,
  scale: number,
): Promise<Raster> {
  return frame ? Promise.resolve(frame.silhouette) : bareSilhouette(subject, scale);
}

/** Where the screenshot goes in the subject raster at `scale`: the screen, or the whole subject. */
export function screenOf(subject: Subject, frame: FrameRaster | undefined, scale: number) {
  if (frame) return { screen: frame.clip, box: frame.screenBox };
  const screen = {
    x: 0,
    y: 0,
    width: subject.width * scale,
    height: subject.height * scale,
    radii: radii(subject.radius * scale),
  };
  return { screen, box: { x: 0, y: 0, width: Math.ceil(screen.width), height: Math.ceil(screen.height) } };
}
