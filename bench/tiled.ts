import sharp, { type OverlayOptions } from 'sharp';
import type { ChromiumBinary } from '../lib/capture/chromium.ts';
import { type Engine, emulate, launchBare, type Viewport } from './engines.ts';

const MAX_TILE_DEVICE_PX = 8192;
/** Frameshot's default `full_page_max_height`, CSS px. */
const MAX_HEIGHT_CSS = 16384;

export async function tiledReferenceEngine(binary: ChromiumBinary, viewport: Viewport): Promise<Engine> {
  const browser = await launchBare(binary);
  return {
    id: 'tiled_reference',
    label: 'reference: puppeteer-core tiled full page',
    async shoot(url) {
      const page = await browser.newPage();
      try {
        await emulate(page, viewport);
        await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
        // Cut where Frameshot cuts a full page by default (`full_page_max_height`), so both
        // produce the same picture.
        const height = Math.min(
          MAX_HEIGHT_CSS,
          await page.evaluate(() => document.documentElement.scrollHeight),
        );
        const client = await page.createCDPSession();
        const tileCss = Math.floor(MAX_TILE_DEVICE_PX / viewport.dpr);
        const width = viewport.width * viewport.dpr;
        const tiles: OverlayOptions[] = [];
        for (let y = 0; y < height; y += tileCss) {
          const h = Math.min(tileCss, height - y);
          const { data } = await client.send('Page.captureScreenshot', {
            format: 'png',
            optimizeForSpeed: true,
            captureBeyondViewport: true,
            clip: { x: 0, y, width: viewport.width, height: h, scale: 1 },
          });
          const { data: pixels, info } = await sharp(Buffer.from(data, 'base64'))
            .raw()
            .toBuffer({ resolveWithObject: true });
          tiles.push({
            input: pixels,
            raw: { width: info.width, height: info.height, channels: info.channels },
            top: Math.round(y * viewport.dpr),
            left: 0,
          });
        }
        const total = Math.round(height * viewport.dpr);
        await sharp({
          create: { width, height: total, channels: 4, background: '#fff' },
          limitInputPixels: false,
        })
          .composite(tiles)
          .png({ compressionLevel: 1 })
          .toBuffer();
        return { width, height: total };
      } finally {
        await page.close();
      }
    },
    close: () => browser.close(),
  };
}
