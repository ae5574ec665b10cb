/**
 * @module compose/text-raster
 * One block of text rendered by Pango with the shipped fonts: wrapped to a width, and shrunk
 * step by step until it also fits a height.
 */
import sharp from 'sharp';
import { FONT_FAMILIES, type FontName, registerFonts } from './fonts.ts';
import type { Raster } from './raster.ts';

export interface TextStyle {
  font: FontName;
  /** Pixels. */
  size: number;
  color: string;
  /** 0–1 */
  opacity?: number;
  weight: number;
  align: 'left' | 'center' | 'right';
  /** Line height as a multiple of the size. */
  lineHeight?: number;
  letterSpacing?: number;
}

const escapeMarkup = (s: string) =>
  s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);

async function render(
  text: string,
  style: TextStyle,
  maxWidth: number,
  wrap: boolean,
): Promise<Raster & { lines: number }> {
  await registerFonts();
  const attrs = [
    `foreground="${style.color}"`,
    style.opacity !== undefined && style.opacity < 1
      ? `alpha="${Math.max(1, Math.round(style.opacity * 100))}%"`
      : '',
    `font_weight="${Math.round(style.weight)}"`,
    style.letterSpacing ? `letter_spacing="${Math.round(style.letterSpacing * 1024)}"` : '',
  ].join(' ');
  const { data, info } = await sharp({
    text: {
      text: `<span ${attrs}>${escapeMarkup(text)}</span>`,
      font: `${FONT_FAMILIES[style.font]} ${Math.max(1, style.size).toFixed(2)}px`,
      dpi: 72,
      rgba: true,
      align: style.align === 'center' ? 'centre' : style.align,
      ...(wrap ? { width: Math.max(1, Math.floor(maxWidth)), wrap: 'word-char' as const } : {}),
      spacing: Math.round(style.size * ((style.lineHeight ?? 1.2) - 1)),
    },
  })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const lineHeight = style.size * (style.lineHeight ?? 1.2);
  return {
    data,
    width: info.width,
    height: info.height,
    channels: 4,
    lines: Math.max(1, Math.round(info.height / lineHeight)),
  };
}

/**
 * Renders `text` wrapped at `maxWidth`; while it is taller than `maxHeight` (or has more than
 * `maxLines` lines) the size shrinks by 8 % a step, down to `minSize`.
 */
export async function renderTextBlock(
  text: string,
  style: TextStyle,
  maxWidth: number,
  maxHeight: number,
  opts: { maxLines?: number; minSize?: number } = {},
): Promise<Raster & { size: number }> {
  let size = style.size;
  const minSize = opts.minSize ?? Math.min(style.size, 8);
  for (;;) {
    const r = await render(text, { ...style, size }, maxWidth, true);
    const fits = r.height <= maxHeight && r.width <= maxWidth && r.lines <= (opts.maxLines ?? 99);
    if (fits || size <= minSize) return { ...r, size };
    size = Math.max(minSize, size * 0.92);
  }
}

/** One line that never wraps: shortened with an ellipsis to fit `maxWidth`. */
export async function renderLine(text: string, style: TextStyle, maxWidth: number): Promise<Raster> {
  let t = text;
  for (;;) {
    const r = await render(t, style, maxWidth, false);
    if (r.width <= maxWidth || t.length <= 1) return r;
    const keep = Math.max(1, Math.floor(t.replace(/…$/, '').length * Math.min(0.95, maxWidth / r.width)));
    t = `${t.replace(/…$/, '').slice(0, keep).trimEnd()}…`;
  }
}
