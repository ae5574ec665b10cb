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
import { CaptureFailed } from '../errors.ts';
import { CAPTURE_PIXEL_BUDGET, megapixels } from '../schemas/limits.ts';
import type { Box } from './types.ts';

/** The page replaced its document while we were working on it. */
export class DocumentChanged extends Error {
  override name = 'DocumentChanged';
  constructor() {
    super('The page navigated to another document during the capture');
  }
}

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

/** CSS px of height a `width` CSS px wide clip at `dpr` may have within `CAPTURE_PIXEL_BUDGET`. */
export function budgetHeight(width: number, dpr: number): number {
  return Math.floor(CAPTURE_PIXEL_BUDGET / (width * dpr * dpr));
}

/**
 * Cuts a clip's height so that the image stays under `CAPTURE_PIXEL_BUDGET` (the caller warns).
 * A clip so wide that not one row fits is refused instead: there is nothing useful to cut to.
 */
export function capClip(clip: Box, dpr: number): { clip: Box; cut: boolean } {
  const maxHeight = budgetHeight(clip.width, dpr);
  if (clip.height <= maxHeight) return { clip, cut: false };
  if (maxHeight < 1) {
    throw new CaptureFailed(
      'render_failed',
      `The region to capture is ${clip.width} CSS px wide: at capture_dpr ${dpr} even one row of it is over the ${megapixels(CAPTURE_PIXEL_BUDGET)} capture limit. Capture a narrower element or lower capture_dpr.`,
    );
  }
  return { clip: { ...clip, height: maxHeight }, cut: true };
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The area the blank check judges (document CSS px; null: the viewport). */
export function judgedArea(screen: Screen, region: ShotRegion): Box | null {
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
