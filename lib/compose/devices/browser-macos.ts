/**
 * @module compose/devices/browser-macos
 * A Safari-style macOS window in CSS pixels: the page's own size below a 52 px toolbar with the
 * traffic lights, sidebar and navigation buttons, the URL field showing the page's host, and the
 * share / new tab / tab overview buttons.
 */
import {
  type DeviceDefinition,
  type FrameMark,
  type FrameOptions,
  type FrameSpec,
  linear,
  path,
  rrect,
} from './spec.ts';

const THEMES = {
  light: {
    top: '#fbfbfb',
    bottom: '#f1f1f1',
    line: '#d9d9d9',
    field: '#e4e4e6',
    text: '#1d1d1f',
    icon: '#6e6e73',
    border: 'rgba(0,0,0,0.22)',
    lights: ['#ff5f57', '#febc2e', '#28c840'],
    lightRims: ['#e2463f', '#e1a116', '#14ae2b'],
  },
  dark: {
    top: '#323235',
    bottom: '#2a2a2c',
    line: '#111113',
    field: '#404043',
    text: '#f5f5f7',
    icon: '#a1a1a6',
    border: 'rgba(255,255,255,0.16)',
    lights: ['#ff5f57', '#febc2e', '#28c840'],
    lightRims: ['#c9443e', '#c99426', '#1f9d33'],
  },
};

const BAR = 52;

// One SVG drawing read top to bottom; splitting it would scatter the coordinates that all its
// parts are measured from.
function frame(o: FrameOptions): FrameSpec {
  const t = THEMES[o.color as keyof typeof THEMES] ?? THEMES.light;
  const W = o.content.width;
  const H = o.content.height + BAR;
  const R = o.cornerRadius ?? 12;
  const roomy = W >= 720;
  const mid = BAR / 2;
  const stroke = `fill="none" stroke="${t.icon}" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"`;
  const lights = t.lights
    .map(
      (c, i) =>
        `<circle cx="${22 + i * 20}" cy="${mid}" r="6" fill="${c}" stroke="${t.lightRims[i]}" stroke-width="0.6"/>`,
    )
    .join('');
  const icons = roomy
    ? [
        path(rrect(94, mid - 8, 22, 16, 3.5), stroke),
        path(`M101.5 ${mid - 8}V${mid + 8}`, stroke),
        path(`M146 ${mid - 6}l-6 6l6 6`, stroke),
        path(`M170 ${mid - 6}l6 6l-6 6`, `${stroke} stroke-opacity="0.45"`),
        path(
          `M${W - 112} ${mid - 2}v-5h-4M${W - 112} ${mid - 2}h0M${W - 120} ${mid - 3}h-3v11h14v-11h-3M${W - 116} ${mid - 10}v10M${W - 119.5} ${mid - 6.5}l3.5-3.5l3.5 3.5`,
          stroke,
        ),
        path(`M${W - 74} ${mid - 7}v14M${W - 81} ${mid}h14`, stroke),
        path(rrect(W - 42, mid - 5, 14, 11, 2.5), stroke),
        path(`M${W - 38} ${mid - 8}h10a2.5 2.5 0 0 1 2.5 2.5v7`, stroke),
      ].join('')
    : '';
  const fieldW = roomy ? Math.min(Math.max(W * 0.38, 320), 660) : Math.max(120, W - 104);
  const fieldX = roomy ? (W - fieldW) / 2 : 84;
  const lockX = -4;
  const body = [
    `<defs>${linear(
      'bar',
      [0, 0, 0, 1],
      [
        [0, t.top],
        [1, t.bottom],
      ],
    )}</defs>`,
    path(rrect(0, 0, W, H, R), 'fill="url(#bar)"'),
    `<rect x="0" y="${BAR - 1}" width="${W}" height="1" fill="${t.line}"/>`,
    lights,
    icons,
    path(rrect(fieldX, mid - 15, fieldW, 30, 8), `fill="${t.field}"`),
  ].join('');
  const overlay = path(
    rrect(0.5, 0.5, W - 1, H - 1, Math.max(0, R - 0.5)),
    `fill="none" stroke="${t.border}" stroke-width="1"`,
  );
  const hostWidth = Math.min(fieldW - 60, o.host.length * 7.6);
  // The padlock before the host, in a 12×16 box whose centre is the icon's origin.
  const lock: FrameMark = {
    svg: `<g transform="translate(6 8)">${path(rrect(-4.5, -1.5, 9, 7.5, 1.6), `fill="${t.icon}"`)}${path('M-2.8 -1.5v-2.4a2.8 2.8 0 0 1 5.6 0v2.4', `fill="none" stroke="${t.icon}" stroke-width="1.4"`)}</g>`,
    x: fieldX + fieldW / 2 - hostWidth / 2 - 14 + lockX - 6,
    y: mid - 8,
    width: 12,
    height: 16,
  };
  return {
    width: W,
    height: H,
    screen: { x: 0, y: BAR, width: W, height: o.content.height, radii: [0, 0, R, R] },
    body,
    overlay,
    marks: o.host ? [lock] : [],
    texts: [
      {
        text: o.host,
        x: fieldX + fieldW / 2 + 4,
        y: mid,
        maxWidth: fieldW - 60,
        size: 13.5,
        color: t.text,
        weight: 500,
        align: 'center',
      },
    ],
  };
}

export const browserMacos: DeviceDefinition = {
  colors: Object.keys(THEMES),
  defaultColor: 'light',
  viewport: { width: 1440, height: 900, dpr: 2 },
  rotates: false,
  showsPage: true,
  frame,
};
