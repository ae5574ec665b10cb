/**
 * @module capture/screenshot
 * The shot: the viewport, or a clip of the document rendered beyond the viewport (full page and
 * elements), in tiles where Chromium needs them. PNG with fast encoding; the composer re-encodes
 * anyway.
 *
 * Screenshots go straight to `Page.captureScreenshot` on our own CDP session rather than through
 * `page.screenshot()`: a capture that is in flight when the page navigates (a script redirect)
 * never returns, and puppeteer would hold its per-context screenshot lock forever. Here such a
 * capture is abandoned the moment the main frame navigates (`DocumentChanged`) and the pipeline
 * starts over on the new document.
 */
import type { CDPSession, Page } from 'puppeteer-core';
import type { Box } from './types.ts';

/** The page replaced its document while we were working on it. */
export class DocumentChanged extends Error {
  override name = 'DocumentChanged';
  constructor() {
    super('The page navigated to another document during the capture');
  }
}

/** Largest image a capture produces (device px); taller clips are cut (≈ 2880 × 41 666). */
export const MAX_CAPTURE_PIXELS = 120_000_000;

/**
 * Chromium renders one capture into one texture: past 8192 device px in either direction the
 * picture wraps around and repeats the top of the page (measured with headless-shell 147 at
 * DPR 1, 2 and 3). Anything bigger is shot in tiles of at most this size and stitched.
 */
const MAX_TILE_DEVICE_PX = 8192;

export type ShotRegion = { kind: 'viewport' } | { kind: 'clip'; clip: Box };

/** Viewport size (CSS px) and pixel ratio the page is emulated with. */
export interface Screen {
  width: number;
  height: number;
  dpr: number;
}

export async function shoot(
  client: CDPSession,
  page: Page,
  screen: Screen,
  region: ShotRegion,
): Promise<Buffer> {
  const { dpr } = screen;
  if (region.kind === 'viewport') {
    if (Math.max(screen.width, screen.height) * dpr <= MAX_TILE_DEVICE_PX) {
      return captureRaw(client, page, { format: 'png', optimizeForSpeed: true });
    }
    const visible = await page.evaluate(() => ({ x: Math.round(scrollX), y: Math.round(scrollY) }));
    return shootTiles(client, page, { ...visible, width: screen.width, height: screen.height }, dpr, false);
  }
  return shootTiles(client, page, region.clip, dpr, true);
}

async function shootTiles(
  client: CDPSession,
  page: Page,
  clip: Box,
  dpr: number,
  beyondViewport: boolean,
): Promise<Buffer> {
  const span = tileSpan(dpr);
  const tiles: Array<{ input: Buffer; left: number; top: number }> = [];
  for (let y = 0; y < clip.height; y += span) {
    for (let x = 0; x < clip.width; x += span) {
      const tile = {
        x: clip.x + x,
        y: clip.y + y,
        width: Math.min(span, clip.width - x),
        height: Math.min(span, clip.height - y),
        scale: 1,
      };
      const input = await captureRaw(client, page, {
        format: 'png',
        optimizeForSpeed: true,
        clip: tile,
        captureBeyondViewport: beyondViewport,
      });
      tiles.push({ input, left: Math.round(x * dpr), top: Math.round(y * dpr) });
    }
  }
  if (tiles.length === 1) return tiles[0]!.input;
  return stitch(tiles);
}

/**
 * Joins tiles (PNG, laid out on a grid) into one PNG. Copying decoded rows into one raw buffer
 * and encoding once is several times faster than sharp's `composite` for these sizes.
 */
async function stitch(tiles: Array<{ input: Buffer; left: number; top: number }>): Promise<Buffer> {
  const sharp = (await import('sharp')).default;
  const decoded = await Promise.all(
    tiles.map(async (t) => ({
      ...t,
      ...(await sharp(t.input).removeAlpha().raw().toBuffer({ resolveWithObject: true })),
    })),
  );
  const width = Math.max(...decoded.map((d) => d.left + d.info.width));
  const height = Math.max(...decoded.map((d) => d.top + d.info.height));
  const out = Buffer.alloc(width * height * 3, 255);
  for (const { data, info, left, top } of decoded) {
    const rowBytes = info.width * 3;
    for (let y = 0; y < info.height; y++) {
      data.copy(out, ((top + y) * width + left) * 3, y * rowBytes, (y + 1) * rowBytes);
    }
  }
  return sharp(out, { raw: { width, height, channels: 3 }, limitInputPixels: false })
    .png({ compressionLevel: 1, adaptiveFiltering: false })
    .toBuffer();
}

type CaptureParams = {
  format: 'png' | 'jpeg';
  quality?: number;
  optimizeForSpeed?: boolean;
  clip?: Box & { scale: number };
  captureBeyondViewport?: boolean;
};

/** One `Page.captureScreenshot`, abandoned (`DocumentChanged`) if the main frame navigates meanwhile. */
async function captureRaw(client: CDPSession, page: Page, params: CaptureParams): Promise<Buffer> {
  let onNavigated: ((frame: unknown) => void) | undefined;
  const navigated = new Promise<never>((_, reject) => {
    onNavigated = (frame) => {
      if (frame === page.mainFrame()) reject(new DocumentChanged());
    };
    page.on('framenavigated', onNavigated);
  });
  navigated.catch(() => {});
  try {
    const { data } = await Promise.race([client.send('Page.captureScreenshot', params), navigated]);
    return Buffer.from(data, 'base64');
  } finally {
    page.off('framenavigated', onNavigated);
  }
}

/** CSS px per tile: as large as fits, and a whole number of device px so tiles meet exactly. */
function tileSpan(dpr: number): number {
  const most = Math.floor(MAX_TILE_DEVICE_PX / dpr);
  for (let span = most; span > most - 1000 && span > 0; span--) {
    if (Math.abs(span * dpr - Math.round(span * dpr)) < 1e-6) return span;
  }
  return most;
}

/** Cuts a clip's height so that the image stays under `MAX_CAPTURE_PIXELS`. */
export function capClip(clip: Box, dpr: number): { clip: Box; cut: boolean } {
  const maxHeight = Math.floor(MAX_CAPTURE_PIXELS / (clip.width * dpr * dpr));
  if (clip.height <= maxHeight) return { clip, cut: false };
  return { clip: { ...clip, height: maxHeight }, cut: true };
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The area the blank check judges (document CSS px; null: the viewport). */
function judgedArea(screen: Screen, region: ShotRegion): Box | null {
  // A tall clip by its first screenful: rendering all of it small costs as much as the shot.
  return region.kind === 'clip'
    ? { ...region.clip, height: Math.min(region.clip.height, screen.height) }
    : null;
}

/**
 * Is the region a blank white (or fully transparent) picture? Checked on a tiny downscaled
 * capture of the same region, which costs a few ms instead of decoding the full-size shot.
 */
export async function looksBlank(
  client: CDPSession,
  page: Page,
  screen: Screen,
  region: ShotRegion,
): Promise<boolean> {
  const view = await page.evaluate(() => ({
    x: scrollX,
    y: scrollY,
    width: innerWidth,
    height: innerHeight,
  }));
  const clip = judgedArea(screen, region) ?? view;
  const inView = clip.y >= view.y && clip.y + clip.height <= view.y + view.height;
  const data = await captureRaw(client, page, {
    format: 'jpeg',
    quality: 80,
    optimizeForSpeed: true,
    // Rendering beyond the viewport costs a relayout of the whole page; only do it when needed.
    captureBeyondViewport: !inView,
    clip: { ...clip, scale: Math.min(1, 200 / clip.width) },
  });
  const sharp = (await import('sharp')).default;
  const raw = await sharp(data).raw().toBuffer();
  // Faint content (small grey text) survives the downscale as values well under 250.
  for (const v of raw) if (v < 250) return false;
  return true;
}

/** How much of the DOM the paint probe looks at before it gives up (answers "cannot tell"). */
const PROBE_LIMITS = { nodes: 3000, ms: 25 };

/**
 * Is something visibly painted in the region, for sure? One look at the DOM from inside the page
 * (a few ms), so the blank check can skip its thumbnail (≈ 110 ms at 2880 × 1800) on pages that
 * clearly have content. `true` takes, in the part of the judged area inside the viewport, text
 * dark enough, a loaded image, a drawn SVG shape, a video frame, or a coloured background; each
 * big enough to survive the thumbnail's downscale, not hidden or faded out, and on top at its
 * middle. `false` means "cannot tell" and the thumbnail decides: so it is for canvases (drawn
 * and empty look alike in the DOM), CSS background images (readiness does not wait for them),
 * iframes, shadow DOM, text while web fonts still load, and anything past the node or time cap.
 */
export async function looksPainted(page: Page, screen: Screen, region: ShotRegion): Promise<boolean> {
  return page.evaluate(probePaint, judgedArea(screen, region), PROBE_LIMITS);
}

/** Runs inside the page (serialised by puppeteer): only browser globals, no imports. */
const probePaint = (area: Box | null, limits: typeof PROBE_LIMITS): boolean => {
  const until = performance.now() + limits.ms;
  const judged = area ?? { x: scrollX, y: scrollY, width: innerWidth, height: innerHeight };
  const left = Math.max(0, judged.x - scrollX);
  const top = Math.max(0, judged.y - scrollY);
  const right = Math.min(innerWidth, judged.x - scrollX + judged.width);
  const bottom = Math.min(innerHeight, judged.y - scrollY + judged.height);
  if (right - left < 1 || bottom - top < 1) return false;
  // CSS px per thumbnail px: what is smaller than that may fade out in the thumbnail.
  const px = Math.max(1, judged.width / 200);
  // Colours are judged laid over white, the brightest they can come out: dark there is dark anywhere.
  const colour = (css: string) => {
    const m = /^rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)$/.exec(css);
    if (!m) return null;
    const alpha = m[4] === undefined ? 1 : Number(m[4]);
    return { alpha, shade: Math.min(...[m[1], m[2], m[3]].map((c) => 255 - alpha * (255 - Number(c)))) };
  };
  const style = (el: Element) => getComputedStyle(el);
  const root = document.documentElement;
  const body = document.body;
  // The page's background paints the whole canvas: the root's, or the body's when the root has none.
  const bodyIsRoot = !!body && (colour(style(root).backgroundColor)?.alpha ?? 1) === 0;
  const canvas = colour(style(bodyIsRoot ? body! : root).backgroundColor);

  const opacities = new Map<Element, number>();
  const opacity = (el: Element | null): number => {
    if (!el) return 1;
    let o = opacities.get(el);
    if (o === undefined) {
      const s = style(el);
      const blended = s.filter !== 'none' || s.mixBlendMode !== 'normal' || s.maskImage !== 'none';
      o = blended ? 0 : Number(s.opacity) * opacity(el.parentElement);
      opacities.set(el, o);
    }
    return o;
  };
  const visible = (el: Element) => style(el).visibility === 'visible' && opacity(el) >= 0.5;
  const fits = (r: DOMRect, min: number) =>
    Math.min(r.right, right) - Math.max(r.left, left) >= min &&
    Math.min(r.bottom, bottom) - Math.max(r.top, top) >= min;
  const middle = (r: DOMRect) =>
    [
      (Math.max(r.left, left) + Math.min(r.right, right)) / 2,
      (Math.max(r.top, top) + Math.min(r.bottom, bottom)) / 2,
    ] as const;
  // `el`, or something inside it, is what a click in the middle of `r` would hit: not covered.
  const onTop = (el: Element, r: DOMRect) => {
    const hit = document.elementFromPoint(...middle(r));
    return !!hit && (hit === el || el.contains(hit));
  };
  const shows = (el: Element, min: number) => {
    const r = el.getBoundingClientRect();
    return fits(r, min) && visible(el) && onTop(el, r);
  };
  // The background showing at a point: the first opaque one from the element hit up, else the page's.
  const colouredAt = (x: number, y: number) => {
    for (let el = document.elementFromPoint(x, y); el; el = el.parentElement) {
      const isCanvas = el === root || (el === body && bodyIsRoot);
      const c = isCanvas ? canvas : colour(style(el).backgroundColor);
      if (!c) return false;
      if (isCanvas || c.alpha >= 0.5) {
        return c.shade <= 230 && visible(el) && (isCanvas || fits(el.getBoundingClientRect(), 2 * px));
      }
    }
    return false;
  };
  const range = document.createRange();
  const fontsLoaded = document.fonts.status === 'loaded';
  const textShows = (text: Text) => {
    const el = text.parentElement;
    if (!fontsLoaded || !el || !text.data.trim()) return false;
    if ((colour(style(el).getPropertyValue('-webkit-text-fill-color'))?.shade ?? 255) > 200) return false;
    range.selectNodeContents(text);
    const line = Array.from(range.getClientRects()).find((r) => fits(r, px / 2));
    return !!line && visible(el) && onTop(el, line);
  };
  const svgDrawn = (svg: SVGSVGElement) =>
    Array.from(svg.querySelectorAll('path, rect, circle, ellipse, line, polyline, polygon, text, use'))
      .slice(0, 20)
      .some((shape) => {
        const s = style(shape);
        const stroked = Number.parseFloat(s.strokeWidth) > 0 && (colour(s.stroke)?.shade ?? 255) <= 200;
        return stroked || (colour(s.fill)?.shade ?? 255) <= 200;
      });
  const backgroundShows = (el: Element) => {
    const c = colour(style(el).backgroundColor);
    if (!c || c.alpha < 0.5 || c.shade > 230) return false;
    const r = el.getBoundingClientRect();
    return fits(r, 2 * px) && colouredAt(...middle(r));
  };
  const paints = (n: Node) => {
    if (n instanceof Text) return textShows(n);
    if (n instanceof HTMLImageElement) return n.complete && n.naturalWidth > 0 && shows(n, px);
    if (n instanceof HTMLVideoElement) return n.readyState >= 2 && shows(n, px);
    if (n instanceof SVGSVGElement) return svgDrawn(n) && shows(n, px);
    return n instanceof Element && backgroundShows(n);
  };

  // The page's own background, where nothing opaque covers it: a 3 × 3 grid of points.
  if ((canvas?.shade ?? 255) <= 230) {
    for (const fx of [1 / 6, 1 / 2, 5 / 6]) {
      for (const fy of [1 / 6, 1 / 2, 5 / 6]) {
        if (colouredAt(left + (right - left) * fx, top + (bottom - top) * fy)) return true;
      }
    }
  }
  const unseen = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'CANVAS', 'IFRAME', 'OBJECT']);
  const walker = document.createTreeWalker(body ?? root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: (n) =>
      unseen.has(n.nodeName) || n.parentNode instanceof SVGElement
        ? NodeFilter.FILTER_REJECT
        : NodeFilter.FILTER_ACCEPT,
  });
  for (let i = 0, n = walker.nextNode(); n && i < limits.nodes; i++, n = walker.nextNode()) {
    if (i % 64 === 63 && performance.now() > until) return false;
    if (paints(n)) return true;
  }
  return false;
};
