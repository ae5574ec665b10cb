/**
 * @module compose/devices/browser-windows
 * A Chromium-style Windows 11 window in CSS pixels: the tab strip with the page's tab and the
 * minimise / maximise / close controls, the toolbar with back, forward, reload and the address
 * field showing the page's host, above the page at its own size.
 */
import { type DeviceDefinition, type FrameOptions, type FrameSpec, path, rrect } from './spec.ts';

const THEMES = {
  light: {
    strip: '#dfe3e8',
    toolbar: '#ffffff',
    field: '#eef1f4',
    text: '#1f1f1f',
    muted: '#5f6368',
    line: '#d6dadf',
    favicon: ['#4f46e5', '#22d3ee'],
    border: 'rgba(0,0,0,0.25)',
  },
  dark: {
    strip: '#1f2023',
    toolbar: '#35363a',
    field: '#26272a',
    text: '#e8eaed',
    muted: '#9aa0a6',
    line: '#1a1b1d',
    favicon: ['#818cf8', '#22d3ee'],
    border: 'rgba(255,255,255,0.14)',
  },
};

const STRIP = 42;
const BAR = 44;

// One SVG drawing read top to bottom; splitting it would scatter the coordinates that all its
// parts are measured from.
function frame(o: FrameOptions): FrameSpec {
  const t = THEMES[o.color as keyof typeof THEMES] ?? THEMES.light;
  const W = o.content.width;
  const top = STRIP + BAR;
  const H = o.content.height + top;
  const R = o.cornerRadius ?? 8;
  const icon = `fill="none" stroke="${t.muted}" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"`;
  const tabW = Math.min(256, Math.max(120, W * 0.26));
  const tx = 8;
  const ty = 8;
  const tab = `M${tx - 8} ${STRIP}A8 8 0 0 0 ${tx} ${STRIP - 8}V${ty + 8}A8 8 0 0 1 ${tx + 8} ${ty}H${tx + tabW - 8}A8 8 0 0 1 ${tx + tabW} ${ty + 8}V${STRIP - 8}A8 8 0 0 0 ${tx + tabW + 8} ${STRIP}Z`;
  const cy = STRIP / 2 + 2;
  const controls = [
    path(`M${W - 155} 17.5h10`, icon),
    path(rrect(W - 105, 12.5, 10, 10, 1.5), icon),
    path(`M${W - 59} 12.5l10 10M${W - 49} 12.5l-10 10`, icon),
  ].join('');
  const by = STRIP + BAR / 2;
  const fieldX = W >= 600 ? 132 : 96;
  const fieldR = W >= 600 ? W - 132 : W - 12;
  const roomy = W >= 600;
  const favicon = `<defs><linearGradient id="fav" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${t.favicon[0]}"/><stop offset="1" stop-color="${t.favicon[1]}"/></linearGradient></defs>${path(rrect(tx + 14, cy - 8, 16, 16, 4), 'fill="url(#fav)"')}`;
  const body = [
    path(rrect(0, 0, W, H, R), `fill="${t.strip}"`),
    `<rect x="0" y="${STRIP}" width="${W}" height="${BAR}" fill="${t.toolbar}"/>`,
    path(tab, `fill="${t.toolbar}"`),
    favicon,
    path(`M${tx + tabW - 24} ${cy - 4}l8 8M${tx + tabW - 16} ${cy - 4}l-8 8`, icon),
    path(`M${tx + tabW + 22} ${cy - 6}v12M${tx + tabW + 16} ${cy}h12`, icon),
    controls,
    path(`M28 ${by}h-12M21 ${by - 5}l-5 5l5 5`, icon),
    roomy ? path(`M52 ${by}h12M59 ${by - 5}l5 5l-5 5`, `${icon} stroke-opacity="0.5"`) : '',
    path(
      `M${roomy ? 100 : 64} ${by - 6}a7 7 0 1 0 3 3M${roomy ? 100 : 64} ${by - 6}v-0.5M${roomy ? 96 : 60} ${by - 7}h4.5v4.5`,
      icon,
    ),
    path(rrect(fieldX, by - 16, fieldR - fieldX, 32, 16), `fill="${t.field}"`),
    path(
      `M${fieldX + 17} ${by - 1}h8v6h-8zM${fieldX + 18.5} ${by - 1}v-2.5a2.5 2.5 0 0 1 5 0v2.5`,
      `fill="none" stroke="${t.muted}" stroke-width="1.4" stroke-linejoin="round"`,
    ),
    roomy
      ? [
          path(
            `M${fieldR - 26} ${by - 7}l2.2 4.6l5 0.7l-3.6 3.5l0.9 5l-4.5-2.4l-4.5 2.4l0.9-5l-3.6-3.5l5-0.7z`,
            icon,
          ),
          `<circle cx="${W - 94}" cy="${by}" r="9" fill="none" stroke="${t.muted}" stroke-width="1.5"/>`,
          `<circle cx="${W - 94}" cy="${by - 2.5}" r="3" fill="${t.muted}"/>`,
          path(`M${W - 100} ${by + 6}a7 5 0 0 1 12 0`, `fill="${t.muted}"`),
          ...[-6, 0, 6].map((d) => `<circle cx="${W - 48 + d}" cy="${by}" r="1.6" fill="${t.muted}"/>`),
        ].join('')
      : '',
    `<rect x="0" y="${top - 1}" width="${W}" height="1" fill="${t.line}"/>`,
  ].join('');
  const overlay = path(
    rrect(0.5, 0.5, W - 1, H - 1, Math.max(0, R - 0.5)),
    `fill="none" stroke="${t.border}" stroke-width="1"`,
  );
  return {
    width: W,
    height: H,
    screen: { x: 0, y: top, width: W, height: o.content.height, radii: [0, 0, R, R] },
    body,
    overlay,
    texts: [
      {
        text: o.title,
        x: tx + 38,
        y: cy,
        maxWidth: tabW - 70,
        size: 12.5,
        color: t.text,
        weight: 400,
        align: 'left',
      },
      {
        text: o.host,
        x: fieldX + 36,
        y: by,
        maxWidth: fieldR - fieldX - 80,
        size: 14,
        color: t.text,
        weight: 400,
        align: 'left',
      },
    ],
  };
}

export const browserWindows: DeviceDefinition = {
  colors: Object.keys(THEMES),
  defaultColor: 'light',
  viewport: { width: 1440, height: 900, dpr: 1 },
  rotates: false,
  showsPage: true,
  frame,
};
