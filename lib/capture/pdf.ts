/**
 * @module capture/pdf
 * `output.format: "pdf"` on `/v1/raw` (§14): the loaded page printed by Chromium
 * (`Page.printToPDF`), with its page count read back from the document.
 */
import type { Page, PaperFormat } from 'puppeteer-core';

export interface PdfOptions {
  paper: 'A4' | 'Letter' | 'Legal' | 'A3';
  landscape: boolean;
  print_background: boolean;
  margin?: string | { top?: string; right?: string; bottom?: string; left?: string };
  scale: number;
  page_ranges?: string;
}

/** Paper sizes in CSS px (96 per inch), portrait. */
export const PAPER_PX: Record<PdfOptions['paper'], { width: number; height: number }> = {
  A4: { width: 794, height: 1123 },
  Letter: { width: 816, height: 1056 },
  Legal: { width: 816, height: 1344 },
  A3: { width: 1123, height: 1587 },
};

export interface Printed {
  data: Buffer;
  pages: number;
  /** One page in CSS px, as oriented. */
  width: number;
  height: number;
}

export async function printPdf(page: Page, o: PdfOptions): Promise<Printed> {
  const margin =
    typeof o.margin === 'string'
      ? { top: o.margin, right: o.margin, bottom: o.margin, left: o.margin }
      : o.margin;
  const data = Buffer.from(
    await page.pdf({
      format: o.paper as PaperFormat,
      landscape: o.landscape,
      printBackground: o.print_background,
      scale: o.scale,
      ...(margin ? { margin } : {}),
      ...(o.page_ranges ? { pageRanges: o.page_ranges } : {}),
    }),
  );
  const paper = PAPER_PX[o.paper];
  const [width, height] = o.landscape ? [paper.height, paper.width] : [paper.width, paper.height];
  return { data, pages: pageCount(data), width, height };
}

/** Page objects in a PDF (`/Type /Page`, not `/Pages`): Chromium writes them uncompressed. */
export function pageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}
