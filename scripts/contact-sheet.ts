/**
 * One contact sheet for the gallery scripts: each image fitted into a cell, a label under it,
 * on a grey grid, written as one PNG.
 */
import sharp, { type OverlayOptions } from 'sharp';

export interface SheetCell {
  image: Buffer;
  label: string;
}

export interface SheetLayout {
  columns: number;
  cell: { width: number; height: number };
}

const escapeMarkup = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function contactSheet(cells: SheetCell[], file: string, layout: SheetLayout): Promise<void> {
  const { columns, cell } = layout;
  const overlays: OverlayOptions[] = [];
  for (const [i, { image, label }] of cells.entries()) {
    const thumb = await sharp(image)
      .resize(cell.width, cell.height, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } })
      .png()
      .toBuffer();
    const text = await sharp({
      text: { text: escapeMarkup(label), font: 'Inter 12px', dpi: 72, rgba: true, width: cell.width },
    })
      .png()
      .toBuffer();
    const x = 20 + (i % columns) * (cell.width + 20);
    const y = 20 + Math.floor(i / columns) * (cell.height + 44);
    overlays.push({ input: thumb, left: x, top: y }, { input: text, left: x, top: y + cell.height + 8 });
  }
  const rows = Math.ceil(cells.length / columns);
  await sharp({
    create: {
      width: 20 + columns * (cell.width + 20),
      height: 20 + rows * (cell.height + 44),
      channels: 4,
      background: '#cfd4dc',
    },
  })
    .composite(overlays)
    .png()
    .toFile(file);
}
