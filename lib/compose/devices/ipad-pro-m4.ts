/**
 * @module compose/devices/ipad-pro-m4
 * 13-inch iPad Pro (M4), drawn in points: a 1032×1376 pt screen inside a 215.5 × 281.6 mm body, i.e.
 * a thin uniform ~44 pt black border with a hairline aluminium edge, the front camera centred on a
 * long edge (landscape top), the top button and volume buttons.
 */
import {
  type DeviceDefinition,
  type FrameOptions,
  type FrameSpec,
  inset,
  linear,
  path,
  type Radii,
  rrect,
  toLandscape,
} from './spec.ts';

/** Aluminium finishes: edge highlight, edge, edge shadow. */
const FINISHES: Record<string, [string, string, string]> = {
  'space-black': ['#6a6b6f', '#3b3c3f', '#1d1e20'],
  silver: ['#fafafb', '#d9dadd', '#a5a7ab'],
};

const SCREEN = { width: 1032, height: 1376 };
const BORDER = 44;
const SCREEN_RADIUS = 20;
const MARGIN = 2.5;

function frame(o: FrameOptions): FrameSpec {
  const [hi, mid, lo] = FINISHES[o.color] ?? FINISHES['space-black']!;
  const outer = o.cornerRadius ?? SCREEN_RADIUS + BORDER;
  const body = { x: MARGIN, y: MARGIN, width: SCREEN.width + 2 * BORDER, height: SCREEN.height + 2 * BORDER };
  const bodyRadii: Radii = [outer, outer, outer, outer];
  const [glass, glassRadii] = inset(body, bodyRadii, 2.6);
  const [screen, screenRadii] = inset(body, bodyRadii, BORDER);
  const W = body.width + 2 * MARGIN;
  const H = body.height + 2 * MARGIN;
  // Camera on the right long edge in portrait, i.e. on top when the iPad is held in landscape.
  const cam = { x: body.x + body.width - BORDER / 2, y: body.y + body.height / 2 };
  const svg = [
    `<defs>${linear(
      'edge',
      [0, 0, 1, 1],
      [
        [0, hi],
        [0.3, mid],
        [0.7, mid],
        [1, lo],
      ],
    )}${linear(
      'btn',
      [0, 0, 0, 1],
      [
        [0, hi],
        [1, lo],
      ],
    )}</defs>`,
    path(rrect(W - 180, 0.4, 72, MARGIN + 2, 1.4), 'fill="url(#btn)"'),
    path(rrect(W - MARGIN - 1.5, 150, MARGIN + 1.1, 62, 1.4), 'fill="url(#btn)"'),
    path(rrect(W - MARGIN - 1.5, 226, MARGIN + 1.1, 62, 1.4), 'fill="url(#btn)"'),
    path(rrect(body.x, body.y, body.width, body.height, bodyRadii), 'fill="url(#edge)"'),
    path(rrect(glass.x, glass.y, glass.width, glass.height, glassRadii), 'fill="#070708"'),
    path(
      rrect(glass.x + 0.6, glass.y + 0.6, glass.width - 1.2, glass.height - 1.2, glassRadii[0] - 0.6),
      'fill="none" stroke="#232326" stroke-width="1.2"',
    ),
    `<circle cx="${cam.x}" cy="${cam.y}" r="4.6" fill="#101521"/>`,
    `<circle cx="${cam.x}" cy="${cam.y}" r="2.2" fill="#1c2740"/>`,
    `<circle cx="${cam.x - 0.9}" cy="${cam.y - 0.9}" r="0.8" fill="#5b6d95" fill-opacity="0.7"/>`,
  ].join('');
  const spec: FrameSpec = { width: W, height: H, screen: { ...screen, radii: screenRadii }, body: svg };
  return o.landscape ? toLandscape(spec) : spec;
}

export const ipadProM4: DeviceDefinition = {
  colors: Object.keys(FINISHES),
  defaultColor: 'space-black',
  viewport: { width: 1032, height: 1376, dpr: 2 },
  rotates: true,
  showsPage: false,
  frame,
};
