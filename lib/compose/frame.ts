/**
 * @module compose/frame
 * Rasterises a device frame at a scale: the SVG body with the screen cut out and the overlay
 * (the chrome, drawn once per size), then what shows the page — host, title, padlock — over a
 * copy of it; and the frame's silhouette (frame ∪ screen) that shadows are cast from.
 */
import sharp from 'sharp';
import type { FrameMark, FrameSpec, Radii, Rect } from './devices/spec.ts';
import { rrect } from './devices/spec.ts';
import { alphaOf, drawOver, fillRoundedRect, type Raster, toRaster } from './raster.ts';
import { renderLine } from './text-raster.ts';

export interface FrameRaster {
  image: Raster;
  /** The screen in frame pixels, exact. */
  screen: Rect & { radii: Radii };
  /** Integer pixel box the screenshot is resized into (covers the screen). */
  screenBox: Rect;
  /**
   * The shape the screenshot is clipped to: the screen grown by a fraction of a pixel, so the
   * frame's anti-aliased hole edge lies over screenshot, not over the background.
   */
  clip: Rect & { radii: Radii };
  silhouette: Raster;
}

/**
 * Draws `spec` with `scale` device pixels per frame unit, without what shows the page (its texts and marks): the same for every page of a
 * window of this size, so it is drawn once and `withPage` adds a page's host and title to a copy.
 */
export async function rasterizeChrome(spec: FrameSpec, scale: number): Promise<FrameRaster> {
  const W = Math.ceil(spec.width * scale);
  const H = Math.ceil(spec.height * scale);
  const s = spec.screen;
  const hole = rrect(s.x, s.y, s.width, s.height, s.radii);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W / scale} ${H / scale}">
    <defs><mask id="screen-hole" maskUnits="userSpaceOnUse" x="0" y="0" width="${W / scale}" height="${H / scale}">
      <rect width="${W / scale}" height="${H / scale}" fill="#fff"/><path d="${hole}" fill="#000"/>
    </mask></defs>
    <g mask="url(#screen-hole)">${spec.body}</g>${spec.overlay ?? ''}</svg>`;
  const image = await toRaster(sharp(Buffer.from(svg)).ensureAlpha());
  const screen = {
    x: s.x * scale,
    y: s.y * scale,
    width: s.width * scale,
    height: s.height * scale,
    radii: s.radii.map((r) => r * scale) as Radii,
  };
  const g = 0.75;
  const clip = {
    x: screen.x - g,
    y: screen.y - g,
    width: screen.width + 2 * g,
    height: screen.height + 2 * g,
    radii: screen.radii.map((r) => (r > 0 ? r + g : 0)) as Radii,
  };
  const x0 = Math.max(0, Math.floor(clip.x));
  const y0 = Math.max(0, Math.floor(clip.y));
  const screenBox = {
    x: x0,
    y: y0,
    width: Math.min(W, Math.ceil(clip.x + clip.width)) - x0,
    height: Math.min(H, Math.ceil(clip.y + clip.height)) - y0,
  };
  const silhouette = alphaOf(image);
  fillRoundedRect(silhouette, screen, screen.radii);
  return { image, screen, screenBox, silhouette, clip };
}

/**
 * `chrome` (from `rasterizeChrome`) with `spec`'s texts and marks drawn over a copy of its
 * pixels. They lie on the frame's opaque chrome, so the silhouette is the chrome's.
 */
export async function withPage(chrome: FrameRaster, spec: FrameSpec, scale: number): Promise<FrameRaster> {
  const texts = (spec.texts ?? []).filter((t) => t.text !== '');
  const marks = spec.marks ?? [];
  if (!texts.length && !marks.length) return chrome;
  const layers = await Promise.all([
    ...texts.map(async (t) => {
      const img = await renderLine(
        t.text,
        { font: 'sans', size: t.size * scale, color: t.color, weight: t.weight, align: 'left' },
        t.maxWidth * scale,
      );
      const left = t.align === 'center' ? t.x * scale - img.width / 2 : t.x * scale;
      return { img, left: Math.round(left), top: Math.round(t.y * scale - img.height / 2) };
    }),
    ...marks.map((m) => rasterizeMark(m, scale)),
  ]);
  const image = { ...chrome.image, data: Buffer.from(chrome.image.data) };
  for (const { img, left, top } of layers) drawOver(image, img, left, top);
  return { ...chrome, image };
}

/**
 * A mark drawn on the pixel grid of the whole frame: its box widened to whole pixels, and the SVG's
 * view box moved with it, so it lands where it would inside the frame's own SVG.
 */
async function rasterizeMark(m: FrameMark, scale: number) {
  const left = Math.floor(m.x * scale);
  const top = Math.floor(m.y * scale);
  const width = Math.ceil((m.x + m.width) * scale) - left;
  const height = Math.ceil((m.y + m.height) * scale) - top;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${left / scale} ${top / scale} ${width / scale} ${height / scale}"><g transform="translate(${m.x} ${m.y})">${m.svg}</g></svg>`;
  return { img: await toRaster(sharp(Buffer.from(svg)).ensureAlpha()), left, top };
}
