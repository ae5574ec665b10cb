/**
 * The outputs sheet of `npm run gallery` (§14): pages of the corpus captured in Chromium as a
 * scrolling animation composed into the iPhone frame (gallery/outputs/animation-iphone.webp, and
 * its GIF), a browser-window animation, and a printed PDF (gallery/outputs/article.pdf) whose
 * first page is rasterised with pdf.js; one sheet, gallery/outputs-sheet.png, shows the first,
 * middle and last frame of each animation beside the PDF's first page. Prints the time per frame
 * and the file sizes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import * as v from 'valibot';
import { capture, createBrowserPool } from '../lib/capture/index.ts';
import { registerFonts } from '../lib/compose/fonts.ts';
import { composeAnimation } from '../lib/compose/index.ts';
import { loadConfig } from '../lib/config.ts';
import { CaptureParams } from '../lib/schemas/capture.ts';
import { startFixtureServer } from '../test/helpers/fixture-server.ts';
import { contactSheet } from './contact-sheet.ts';

interface AnimationTile {
  name: string;
  page: string;
  params: Record<string, unknown>;
}

const ANIMATIONS: AnimationTile[] = [
  {
    name: 'animation-iphone',
    page: 'corpus/nimbus-landing.html',
    params: { device: 'iphone-16-pro', background_preset: 'sunset', shadow: 'float' },
  },
  {
    name: 'animation-browser',
    page: 'corpus/tidewire-article.html',
    params: { device: 'browser-macos', background: 'mesh/lagoon', perspective: 'tilt-right' },
  },
];

const CELL = { width: 300, height: 420 };

export async function renderOutputsSheet(out = 'gallery'): Promise<void> {
  const site = await startFixtureServer();
  const pool = createBrowserPool(loadConfig().browser);
  await registerFonts();
  const dir = join(out, 'outputs');
  mkdirSync(dir, { recursive: true });
  const cells: { image: Buffer; label: string }[] = [];
  try {
    for (const tile of ANIMATIONS) {
      const url = `${site.origin}/${tile.page}`;
      const animation = { type: 'scroll', duration_ms: 5000, fps: 15 };
      for (const format of ['webp', 'gif'] as const) {
        if (format === 'gif' && tile.name !== 'animation-iphone') continue;
        const params = v.parse(CaptureParams, { url, animation, ...tile.params, output: { format } });
        const t0 = performance.now();
        const shot = await capture(
          pool,
          { url, device: params.device, animation: params.animation },
          { allowPrivateTargets: true, timeoutMs: 60_000 },
        );
        const recorded = performance.now() - t0;
        const frames = shot.animation!.frames.map((data) => ({
          data,
          width: shot.width,
          height: shot.height,
          dpr: 1,
        }));
        const t1 = performance.now();
        const img = await composeAnimation(frames, Math.round(1000 / 15), params, {
          pageUrl: shot.page.url,
          pageTitle: shot.page.title,
        });
        const composed = performance.now() - t1;
        writeFileSync(join(dir, `${tile.name}.${format}`), img.data);
        const n = frames.length;
        console.log(
          `${`${tile.name}.${format}`.padEnd(26)} ${img.width}×${img.height} ${n} frames (${shot.animation!.distinct} distinct): record ${Math.round(recorded)} ms (${Math.round(recorded / n)}/frame), compose+encode ${Math.round(composed)} ms (${Math.round(composed / n)}/frame), ${Math.round(img.data.length / 1024)} KB`,
        );
        if (format !== 'webp') continue;
        const meta = await sharp(img.data, { animated: true }).metadata();
        for (const [at, page] of [
          ['first', 0],
          ['middle', Math.floor(meta.pages! / 2)],
          ['last', meta.pages! - 1],
        ] as const) {
          cells.push({
            image: await sharp(img.data, { page }).png().toBuffer(),
            label: `${tile.name} · ${at}`,
          });
        }
      }
    }
    const pdf = await capture(
      pool,
      {
        url: `${site.origin}/corpus/tidewire-article.html`,
        pdf: { paper: 'A4', landscape: false, print_background: true, scale: 1, margin: '12mm' },
      },
      { allowPrivateTargets: true, timeoutMs: 30_000 },
    );
    writeFileSync(join(dir, 'article.pdf'), pdf.image);
    const firstPage = await rasterisePdf(pdf.image);
    if (firstPage) {
      writeFileSync(join(dir, 'article-page-1.png'), firstPage);
      cells.push({ image: firstPage, label: `article.pdf · page 1 of ${pdf.pdf!.pages}` });
      console.log(`article.pdf: ${pdf.pdf!.pages} pages, ${Math.round(pdf.image.length / 1024)} KB`);
    }
  } finally {
    await pool.close();
    await site.close();
  }
  await contactSheet(cells, join(out, 'outputs-sheet.png'), { columns: 4, cell: CELL });
  console.log(`${cells.length} tiles → ${join(out, 'outputs-sheet.png')}`);
}

/** Page 1 of a PDF as PNG, drawn by pdf.js (its optional canvas package); undefined without it. */
async function rasterisePdf(data: Buffer): Promise<Buffer | undefined> {
  try {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(data), useSystemFonts: false }).promise;
    const page = await doc.getPage(1);
    const viewport = page.getViewport({ scale: 1.5 });
    const { createCanvas } = await import('@napi-rs/canvas');
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const context = canvas.getContext('2d');
    // biome-ignore lint/suspicious/noExplicitAny: pdf.js types its canvas as the DOM's.
    await page.render({ canvasContext: context as any, viewport }).promise;
    return canvas.toBuffer('image/png');
  } catch (err) {
    console.log(`The PDF's first page was not rasterised: ${(err as Error).message}`);
    return undefined;
  }
}
