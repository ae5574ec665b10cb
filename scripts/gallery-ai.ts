/**
 * The page-understanding sheet of `npm run gallery`: every page of the labelled corpus
 * (test/fixtures/pages/corpus/) captured in Chromium, styled by `ai_style` + `ai_copy` exactly as
 * the capture pipeline does, one tile each in gallery/ai/ and one sheet, gallery/ai-sheet.png,
 * each tile labelled with the page, the type and tone it was read as, and the background chosen.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp, { type OverlayOptions } from 'sharp';
import * as v from 'valibot';
import { capture, createBrowserPool } from '../lib/capture/index.ts';
import { understandShot } from '../lib/captures/understanding.ts';
import { registerFonts } from '../lib/compose/fonts.ts';
import { compose } from '../lib/compose/index.ts';
import { loadConfig } from '../lib/config.ts';
import { CaptureParams } from '../lib/schemas/capture.ts';
import { startFixtureServer } from '../test/helpers/fixture-server.ts';

interface Label {
  file: string;
  page_type: string;
  tone: string;
}

const CELL = { width: 480, height: 330 };
const COLUMNS = 5;

export async function renderAiSheet(out = 'gallery'): Promise<void> {
  const labels = JSON.parse(readFileSync('test/fixtures/corpus/labels.json', 'utf8')).pages as Label[];
  const site = await startFixtureServer();
  const pool = createBrowserPool(loadConfig().browser);
  await registerFonts();
  mkdirSync(join(out, 'ai'), { recursive: true });
  const cells: OverlayOptions[] = [];
  const started = performance.now();
  try {
    for (const [i, label] of labels.entries()) {
      const url = `${site.origin}/${label.file}`;
      const params = v.parse(CaptureParams, { url, ai_style: true, ai_copy: true, output: { width: 1200 } });
      const shot = await capture(
        pool,
        { url, collect_signals: true },
        { allowPrivateTargets: true, timeoutMs: 30_000 },
      );
      const styled = await understandShot(
        params,
        { explicit: ['url', 'ai_style', 'ai_copy', 'output'] },
        shot,
      );
      const img = await compose(
        { data: shot.image, width: shot.width, height: shot.height, dpr: shot.dpr },
        styled.params,
        { pageUrl: shot.page.url, pageTitle: shot.page.title },
      );
      const name = label.file.replace(/^corpus\/|\.html$/g, '');
      writeFileSync(join(out, 'ai', `${name}.png`), img.data);
      const style = styled.decisions.style ?? {};
      const read = `${style.page_type}/${style.tone}`;
      const expected = `${label.page_type}/${label.tone}`;
      const caption = `${name} · ${read}${read === expected ? '' : ` (labelled ${expected})`} · ${style.background ?? style.background_preset ?? ''}`;
      console.log(`${caption.padEnd(90)} ${styled.decisions.copy?.title ?? ''}`);
      const thumb = await sharp(img.data)
        .resize(CELL.width, CELL.height, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } })
        .png()
        .toBuffer();
      const text = await sharp({
        text: { text: escapeMarkup(caption), font: 'Inter 12px', dpi: 72, rgba: true, width: CELL.width },
      })
        .png()
        .toBuffer();
      const x = 20 + (i % COLUMNS) * (CELL.width + 20);
      const y = 20 + Math.floor(i / COLUMNS) * (CELL.height + 44);
      cells.push({ input: thumb, left: x, top: y }, { input: text, left: x, top: y + CELL.height + 8 });
    }
  } finally {
    await pool.close();
    await site.close();
  }
  const rows = Math.ceil(labels.length / COLUMNS);
  await sharp({
    create: {
      width: 20 + COLUMNS * (CELL.width + 20),
      height: 20 + rows * (CELL.height + 44),
      channels: 4,
      background: '#cfd4dc',
    },
  })
    .composite(cells)
    .png()
    .toFile(join(out, 'ai-sheet.png'));
  console.log(
    `${labels.length} corpus pages in ${Math.round(performance.now() - started)} ms → ${join(out, 'ai-sheet.png')}`,
  );
}

const escapeMarkup = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
