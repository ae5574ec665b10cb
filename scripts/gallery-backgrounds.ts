/**
 * The backgrounds sheets of `npm run gallery`: every catalogue pack as it ships
 * (gallery/backgrounds-sheet.png, one row pair per pack, each background labelled with its
 * reference, theme and draw time) and every background in use behind a device
 * (gallery/backgrounds-in-use.png: phones on the light ones, browser windows on the dark ones,
 * alternating, so both frames are judged on every pack). `npm run gallery -- backgrounds` renders
 * only these.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp, { type OverlayOptions } from 'sharp';
import * as v from 'valibot';
import { catalogue } from '../lib/backgrounds/catalogue.ts';
import { drawBackground } from '../lib/backgrounds/render.ts';
import { registerFonts } from '../lib/compose/fonts.ts';
import { compose } from '../lib/compose/index.ts';
import { CaptureParams } from '../lib/schemas/capture.ts';
import { ctx, desktop, mobile } from '../test/compose/helpers.ts';

const CELL = { width: 360, height: 240 };
const COLUMNS = 6;
const LABEL = 26;
const HEADER = 40;

/** A label (Pango markup: `&` and `<` escaped). */
const text = (s: string, font = 'Inter 13px') =>
  sharp({ text: { text: s.replace(/&/g, '&amp;').replace(/</g, '&lt;'), font, dpi: 72, rgba: true } })
    .png()
    .toBuffer();

/** One sheet: per pack a heading and its cells, `COLUMNS` to a row. */
async function sheet(
  file: string,
  cell: (ref: string, index: number) => Promise<{ image: Buffer; caption: string }>,
): Promise<void> {
  const { packs, entries } = catalogue();
  const overlays: OverlayOptions[] = [];
  let y = 20;
  for (const pack of packs) {
    overlays.push({
      input: await text(`${pack.name} — ${pack.slug}/…`, 'Inter Bold 18px'),
      left: 20,
      top: y,
    });
    y += HEADER;
    const mine = entries.filter((e) => e.pack === pack.slug);
    for (const [i, entry] of mine.entries()) {
      const { image, caption } = await cell(entry.ref, i);
      const x = 20 + (i % COLUMNS) * (CELL.width + 16);
      const top = y + Math.floor(i / COLUMNS) * (CELL.height + LABEL + 12);
      overlays.push(
        { input: image, left: x, top },
        { input: await text(caption), left: x, top: top + CELL.height + 6 },
      );
    }
    y += Math.ceil(mine.length / COLUMNS) * (CELL.height + LABEL + 12) + 12;
  }
  await sharp({
    create: { width: 20 + COLUMNS * (CELL.width + 16), height: y + 8, channels: 4, background: '#e5e7eb' },
  })
    .composite(overlays)
    .png()
    .toFile(file);
}

export async function renderBackgroundSheets(out = 'gallery'): Promise<void> {
  await registerFonts();
  mkdirSync(join(out, 'backgrounds'), { recursive: true });
  const started = performance.now();
  await sheet(join(out, 'backgrounds-sheet.png'), async (ref) => {
    const entry = catalogue().byRef.get(ref)!;
    const t = performance.now();
    // Drawn at the cell's size, as a composition of that size would get it.
    const px = drawBackground(entry, CELL.width, CELL.height);
    const ms = performance.now() - t;
    const image = await sharp(px, { raw: { width: CELL.width, height: CELL.height, channels: 4 } })
      .png()
      .toBuffer();
    return { image, caption: `${ref} · ${entry.theme} · ${ms.toFixed(0)} ms` };
  });
  await sheet(join(out, 'backgrounds-in-use.png'), async (ref, i) => {
    const phone = i % 2 === 0;
    const params = v.parse(CaptureParams, {
      url: ctx.pageUrl,
      background: ref,
      device: phone ? 'iphone-16-pro' : 'browser-macos',
      output: { width: 1200, height: 800 },
      ...(catalogue().byRef.get(ref)!.theme === 'dark' ? { shadow: 'glow' } : {}),
    });
    const img = await compose(phone ? mobile : desktop, params, ctx);
    writeFileSync(join(out, 'backgrounds', `${ref.replace('/', '--')}.png`), img.data);
    const image = await sharp(img.data).resize(CELL.width, CELL.height).png().toBuffer();
    return { image, caption: ref };
  });
  console.log(
    `${catalogue().entries.length} backgrounds in ${Math.round(performance.now() - started)} ms → ${join(out, 'backgrounds-sheet.png')}, ${join(out, 'backgrounds-in-use.png')}`,
  );
}
