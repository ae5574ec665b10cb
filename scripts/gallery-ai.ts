/**
 * The page-understanding sheet of `npm run gallery`: every page of the labelled corpus
 * (test/fixtures/pages/corpus/) captured in Chromium, styled by `ai_style` + `ai_copy` exactly as
 * the capture pipeline does, one tile each in gallery/ai/ and one sheet, gallery/ai-sheet.png,
 * each tile labelled with the page, the type and tone it was read as, and the background chosen.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { capture, createBrowserPool } from '../lib/capture/index.ts';
import { understandShot } from '../lib/captures/understanding.ts';
import { registerFonts } from '../lib/compose/fonts.ts';
import { compose } from '../lib/compose/index.ts';
import { loadConfig } from '../lib/config.ts';
import { CaptureParams } from '../lib/schemas/capture.ts';
import { startFixtureServer } from '../test/helpers/fixture-server.ts';
import { contactSheet, type SheetCell } from './contact-sheet.ts';

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
  const cells: SheetCell[] = [];
  const started = performance.now();
  try {
    for (const label of labels) {
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
      cells.push({ image: img.data, label: caption });
    }
  } finally {
    await pool.close();
    await site.close();
  }
  await contactSheet(cells, join(out, 'ai-sheet.png'), { columns: COLUMNS, cell: CELL });
  console.log(
    `${labels.length} corpus pages in ${Math.round(performance.now() - started)} ms → ${join(out, 'ai-sheet.png')}`,
  );
}
