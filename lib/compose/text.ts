/**
 * @module compose/text
 * Title, subtitle and badge: grouped by position (top, bottom, left, right), sized from the canvas
 * unless given, coloured for contrast with the background unless given, and fitted — wrapped, then
 * shrunk — into their region. Returns the rasters to draw and the box left for the device.
 */
import sharp from 'sharp';
import { parseColor } from '../css/color.ts';
import type { CaptureParams } from '../schemas/capture.ts';
import { luminance } from './backgrounds.ts';
import { layerCache } from './cache.ts';
import type { Rect } from './devices/spec.ts';
import { rrect } from './devices/spec.ts';
import { type Raster, rasterBytes, toRaster } from './raster.ts';
import type { PlacedRaster } from './shadow.ts';
import { renderTextBlock, type TextStyle } from './text-raster.ts';

type Position = 'top' | 'bottom' | 'left' | 'right';

interface Item {
  kind: 'badge' | 'title' | 'subtitle';
  text: string;
  style: TextStyle;
  /** Badge: the pill's colour. */
  fill?: string;
}

export interface TextLayout {
  overlays: PlacedRaster[];
  /** What is left of the content box for the device. */
  box: Rect;
}

async function renderItem(
  item: Item,
  maxWidth: number,
  maxHeight: number,
  badgeColor?: string,
): Promise<Raster> {
  const key = `text:${JSON.stringify([item, Math.round(maxWidth), Math.round(maxHeight), badgeColor])}`;
  return layerCache.get(
    key,
    async () => {
      if (item.kind !== 'badge') {
        return renderTextBlock(item.text, item.style, maxWidth, maxHeight, {
          minSize: Math.min(item.style.size, 10),
        });
      }
      const padX = item.style.size * 0.9;
      const padY = item.style.size * 0.45;
      const label = await renderTextBlock(item.text, item.style, maxWidth - 2 * padX, maxHeight, {
        maxLines: 1,
        minSize: 8,
      });
      const w = Math.ceil(label.width + 2 * padX);
      const h = Math.ceil(label.height + 2 * padY);
      const pill = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><path d="${rrect(0, 0, w, h, h / 2)}" fill="${item.fill}"/></svg>`;
      return toRaster(
        sharp(Buffer.from(pill)).composite([
          {
            input: label.data,
            raw: { width: label.width, height: label.height, channels: 4 },
            left: Math.round(padX),
            top: Math.round(padY),
          },
        ]),
      );
    },
    rasterBytes,
  );
}

/** Lays out the text of `p` inside `box` on a canvas whose shorter side is `base` px. */
export async function layoutText(
  p: CaptureParams,
  box: Rect,
  base: number,
  unit: number,
  darkBackground: boolean,
): Promise<TextLayout> {
  const { items, titleSize } = textItems(p, base, unit, darkBackground);
  const rest = { ...box };
  const overlays: PlacedRaster[] = [];
  const gap = base * 0.045;
  for (const pos of ['top', 'bottom', 'left', 'right'] as const) {
    const group = items.filter(([q]) => q === pos).map(([, it]) => it);
    if (!group.length) continue;
    const colW = isSide(pos) ? rest.width * 0.4 : rest.width * 0.9;
    const maxH = isSide(pos) ? rest.height : box.height * 0.34;
    const placed = await placeGroup(group, pos, rest, colW, maxH, titleSize);
    overlays.push(...placed.overlays);
    const total = placed.total;
    if (pos === 'top') {
      rest.y += total + gap;
      rest.height -= total + gap;
    } else if (pos === 'bottom') rest.height -= total + gap;
    else if (pos === 'left') {
      rest.x += colW + gap;
      rest.width -= colW + gap;
    } else rest.width -= colW + gap;
  }
  return { overlays, box: rest };
}

const isSide = (pos: Position) => pos === 'left' || pos === 'right';

/** The badge, title and subtitle of `p`, each with the side of the device it goes on. */
function textItems(p: CaptureParams, base: number, unit: number, darkBackground: boolean) {
  const titlePos: Position = p.title_position ?? 'top';
  const subtitlePos: Position = p.subtitle_position ?? titlePos;
  const badgePos: Position = p.title ? titlePos : p.subtitle ? subtitlePos : 'top';
  const titleSize = p.title_size ? p.title_size * unit : base * (isSide(titlePos) ? 0.068 : 0.056);
  const ink = darkBackground ? '#ffffff' : '#0f172a';
  const items: [Position, Item][] = [];
  if (p.badge) items.push([badgePos, badgeItem(p.badge, p, titleSize, darkBackground)]);
  if (p.title) {
    items.push([
      titlePos,
      {
        kind: 'title',
        text: p.title,
        style: {
          font: p.title_font ?? 'sans',
          size: titleSize,
          color: p.title_color ?? ink,
          weight: p.title_weight ?? 700,
          align: p.title_align ?? (isSide(titlePos) ? 'left' : 'center'),
          lineHeight: 1.12,
          letterSpacing: -0.02 * titleSize,
        },
      },
    ]);
  }
  if (p.subtitle) {
    const size = p.subtitle_size ? p.subtitle_size * unit : Math.max(titleSize * 0.42, base * 0.02);
    items.push([
      subtitlePos,
      {
        kind: 'subtitle',
        text: p.subtitle,
        style: {
          font: p.subtitle_font ?? p.title_font ?? 'sans',
          size,
          color: p.subtitle_color ?? (darkBackground ? '#ffffff' : '#475569'),
          opacity: p.subtitle_color ? 1 : darkBackground ? 0.78 : 1,
          weight: p.subtitle_weight ?? 400,
          align: p.subtitle_align ?? (isSide(subtitlePos) ? 'left' : 'center'),
          lineHeight: 1.4,
        },
      },
    ]);
  }
  return { items, titleSize };
}

/** The badge item: its text dark or light by the fill behind it. */
function badgeItem(text: string, p: CaptureParams, titleSize: number, darkBackground: boolean): Item {
  const fill = p.badge_color ?? (darkBackground ? 'rgba(255,255,255,0.16)' : '#0f172a');
  const rgba = parseColor(fill)!;
  const lightFill = rgba.a > 0.5 ? luminance(rgba) > 0.45 : !darkBackground;
  return {
    kind: 'badge',
    text,
    fill,
    style: {
      font: p.title_font ?? 'sans',
      size: titleSize * 0.34,
      color: lightFill ? '#0f172a' : '#ffffff',
      weight: 600,
      align: 'left',
      letterSpacing: 0.02 * titleSize * 0.34,
    },
  };
}

/**
 * Renders one side's items in a `colW`-wide column of `rest`, shrunk together until they fit
 * `maxH`; returns them placed and the column's height.
 */
async function placeGroup(
  group: Item[],
  pos: Position,
  rest: Rect,
  colW: number,
  maxH: number,
  titleSize: number,
): Promise<{ overlays: PlacedRaster[]; total: number }> {
  const overlays: PlacedRaster[] = [];
  // Shrink the whole group together until it fits its region.
  let k = 1;
  let rasters: Raster[] = [];
  let total = 0;
  for (let attempt = 0; attempt < 8; attempt++) {
    const scaled = group.map((it) => ({
      ...it,
      style: { ...it.style, size: it.style.size * k, letterSpacing: (it.style.letterSpacing ?? 0) * k },
    }));
    rasters = await Promise.all(scaled.map((it) => renderItem(it, colW, maxH)));
    total = stackHeight(rasters, group, titleSize * k);
    if (total <= maxH) break;
    k *= Math.max(0.6, Math.sqrt(maxH / total));
  }
  const col: Rect =
    pos === 'top'
      ? { x: rest.x + (rest.width - colW) / 2, y: rest.y, width: colW, height: total }
      : pos === 'bottom'
        ? {
            x: rest.x + (rest.width - colW) / 2,
            y: rest.y + rest.height - total,
            width: colW,
            height: total,
          }
        : pos === 'left'
          ? { x: rest.x, y: rest.y + (rest.height - total) / 2, width: colW, height: total }
          : {
              x: rest.x + rest.width - colW,
              y: rest.y + (rest.height - total) / 2,
              width: colW,
              height: total,
            };
  let y = col.y;
  group.forEach((it, i) => {
    const r = rasters[i]!;
    const align =
      it.kind === 'badge' ? (group.find((g) => g.kind !== 'badge')?.style.align ?? 'center') : it.style.align;
    const x =
      align === 'left'
        ? col.x
        : align === 'right'
          ? col.x + col.width - r.width
          : col.x + (col.width - r.width) / 2;
    overlays.push({ raster: r, left: x, top: y });
    y += r.height + spacingAfter(group, i, titleSize * k);
  });
  return { overlays, total };
}

function spacingAfter(group: Item[], i: number, titleSize: number): number {
  if (i >= group.length - 1) return 0;
  return group[i]!.kind === 'badge' ? titleSize * 0.42 : titleSize * 0.32;
}

function stackHeight(rasters: Raster[], group: Item[], titleSize: number): number {
  return rasters.reduce((sum, r, i) => sum + r.height + spacingAfter(group, i, titleSize), 0);
}
