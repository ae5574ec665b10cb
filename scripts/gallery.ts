/**
 * `npm run gallery`: renders every device × colour, background preset, shadow, perspective and
 * camera preset, both cropped layouts, text and depth-blur variants from the fixture captures, as
 * single images in gallery/tiles/ and one contact sheet, gallery/contact-sheet.png.
 * `npm run gallery -- <filter>` renders only the tiles whose name contains <filter>; `ai` renders
 * only the page-understanding sheet (scripts/gallery-ai.ts: the corpus styled by ai_style +
 * ai_copy, gallery/ai-sheet.png) and `backgrounds` only the catalogue sheets
 * (scripts/gallery-backgrounds.ts), `outputs` only the §14 outputs sheet (scripts/gallery-outputs.ts:
 * scrolling animations composed into devices, a PDF's first page); the full run renders all three.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp, { type OverlayOptions } from 'sharp';
import * as v from 'valibot';
import { BACKGROUND_PRESETS } from '../lib/compose/backgrounds.ts';
import { CAMERA_PRESETS, PERSPECTIVE_PRESETS } from '../lib/compose/camera.ts';
import { registerFonts } from '../lib/compose/fonts.ts';
import { compose, type Screenshot } from '../lib/compose/index.ts';
import { CaptureParams, DEVICE_COLORS, DEVICES, SHADOWS } from '../lib/schemas/capture.ts';
import { renderAiSheet } from './gallery-ai.ts';
import { renderBackgroundSheets } from './gallery-backgrounds.ts';
import { renderOutputsSheet } from './gallery-outputs.ts';

const out = 'gallery';
const fixtures = 'test/fixtures/compose';
const desktop: Screenshot = {
  data: readFileSync(join(fixtures, 'page-desktop.png')),
  width: 2880,
  height: 1800,
  dpr: 2,
};
const mobile: Screenshot = {
  data: readFileSync(join(fixtures, 'page-mobile.png')),
  width: 1206,
  height: 2622,
  dpr: 3,
};
const ctx = { pageUrl: 'https://www.lumen.app/analytics', pageTitle: 'Lumen — Analytics for product teams' };

type Tile = { name: string; params: Record<string, unknown>; shot?: Screenshot };

const shotFor = (device?: string) =>
  device === 'iphone-16-pro' || device === 'ipad-pro-m4' ? mobile : desktop;

const tiles: Tile[] = [
  ...DEVICES.flatMap((device) =>
    DEVICE_COLORS[device].map((color) => ({
      name: `device-${device}-${color}`,
      params: { device, device_color: color },
    })),
  ),
  { name: 'device-none', params: {} },
  { name: 'device-ipad-landscape', params: { device: 'ipad-pro-m4' }, shot: desktop },
  { name: 'device-iphone-landscape', params: { device: 'iphone-16-pro' }, shot: desktop },
  ...Object.keys(BACKGROUND_PRESETS).map((bg) => ({
    name: `background-${bg}`,
    params: { device: 'browser-macos', background_preset: bg },
  })),
  {
    name: 'background-custom',
    params: {
      device: 'browser-macos',
      background_preset: 'custom',
      background_gradient:
        'radial-gradient(circle at 20% 20%, #fde68a, transparent 40%), linear-gradient(135deg, #f472b6 0%, #8b5cf6 50%, #06b6d4 100%)',
    },
  },
  {
    name: 'background-solid',
    params: { device: 'browser-macos', background_style: 'solid', background_color: '#e2e8f0' },
  },
  { name: 'background-transparent', params: { device: 'browser-macos', background_style: 'transparent' } },
  ...SHADOWS.map((shadow) => ({
    name: `shadow-${shadow}`,
    params: { shadow, background_style: 'solid', background_color: '#eef2f7' },
  })),
  {
    name: 'shadow-glow-midnight',
    params: {
      shadow: 'glow',
      background_preset: 'midnight',
      device: 'browser-windows',
      device_color: 'dark',
    },
  },
  ...Object.keys(PERSPECTIVE_PRESETS).map((perspective) => ({
    name: `perspective-${perspective}`,
    params: { device: 'macbook-pro-16', perspective },
  })),
  ...Object.keys(PERSPECTIVE_PRESETS).map((perspective) => ({
    name: `perspective-iphone-${perspective}`,
    params: { device: 'iphone-16-pro', perspective, background_preset: 'ocean' },
  })),
  ...Object.keys(CAMERA_PRESETS).map((camera_preset) => ({
    name: `camera-${camera_preset}`,
    params: { device: 'browser-macos', camera_preset, background_preset: 'dusk' },
  })),
  {
    name: 'layout-bottom-cropped',
    params: {
      device: 'iphone-16-pro',
      layout: 'bottom-cropped',
      background_preset: 'sunset',
      aspect_ratio: '16:9',
      title: 'Analytics in your pocket',
    },
  },
  {
    name: 'layout-top-cropped',
    params: { device: 'macbook-pro-16', layout: 'top-cropped', background_preset: 'forest' },
  },
  {
    name: 'text-top',
    params: {
      device: 'browser-macos',
      title: 'Understand every user',
      subtitle: 'Funnels, retention and revenue in one fast workspace',
      badge: 'NEW · v2.0',
    },
  },
  {
    name: 'text-left',
    params: {
      device: 'iphone-16-pro',
      aspect_ratio: '16:9',
      title: 'Ship what matters 🚀',
      subtitle: '数据驱动的产品决策 — in every language',
      title_position: 'left',
      badge: 'Beta',
      badge_color: '#facc15',
      background_preset: 'ember',
    },
  },
  {
    name: 'text-serif-bottom',
    params: {
      device: 'ipad-pro-m4',
      title: 'A calmer way to read your metrics',
      title_font: 'serif',
      title_position: 'bottom',
      background_preset: 'arctic',
    },
  },
  ...(['dir', 'radial', 'tilt', 'lens'] as const).map((t) => ({
    name: `depth-blur-${t}`,
    params: { device: 'macbook-pro-16', perspective: 'tilt-left', depth_blur: 30, depth_blur_type: t },
  })),
];

const filter = process.argv[2];
if (filter === 'backgrounds') {
  await renderBackgroundSheets(out);
  process.exit(0);
}
if (filter === 'outputs') {
  await renderOutputsSheet(out);
  process.exit(0);
}
if (filter === 'ai') {
  await renderAiSheet(out);
  process.exit(0);
}
const selected = filter ? tiles.filter((t) => t.name.includes(filter)) : tiles;
mkdirSync(join(out, 'tiles'), { recursive: true });
await registerFonts();

const CELL = { width: 480, height: 340 };
const cells: OverlayOptions[] = [];
const started = performance.now();
for (const [i, tile] of selected.entries()) {
  const params = v.parse(CaptureParams, { url: ctx.pageUrl, output: { width: 1200 }, ...tile.params });
  const t0 = performance.now();
  const img = await compose(tile.shot ?? shotFor(params.device), params, ctx);
  const ms = Math.round(performance.now() - t0);
  writeFileSync(join(out, 'tiles', `${tile.name}.png`), img.data);
  console.log(
    `${tile.name.padEnd(40)} ${img.width}×${img.height} ${ms} ms${img.warnings.length ? ` ${img.warnings.join('; ')}` : ''}`,
  );
  const thumb = await sharp(img.data)
    .resize(CELL.width, CELL.height, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .png()
    .toBuffer();
  const label = await sharp({ text: { text: tile.name, font: 'Inter 13px', dpi: 72, rgba: true } })
    .png()
    .toBuffer();
  const col = i % 5;
  const row = Math.floor(i / 5);
  const x = 20 + col * (CELL.width + 20);
  const y = 20 + row * (CELL.height + 44);
  cells.push({ input: thumb, left: x, top: y }, { input: label, left: x, top: y + CELL.height + 8 });
}
const rows = Math.ceil(selected.length / 5);
const sheet = sharp({
  create: {
    width: 20 + 5 * (CELL.width + 20),
    height: 20 + rows * (CELL.height + 44),
    channels: 4,
    background: '#cfd4dc',
  },
});
await sheet.composite(cells).png().toFile(join(out, 'contact-sheet.png'));
console.log(
  `${selected.length} tiles in ${Math.round(performance.now() - started)} ms → ${join(out, 'contact-sheet.png')}`,
);

if (!filter) {
  await renderAiSheet(out);
  await renderBackgroundSheets(out);
  await renderOutputsSheet(out);
}
