/**
 * @module compose/devices/iphone-16-pro
 * iPhone 16 Pro, drawn in points: a 402×874 pt screen (the device viewport) inside a 71.5 × 149.6 mm
 * body, i.e. a ~14.5 pt border made of the titanium band and the black glass rim, with the
 * Dynamic Island, the Action button, volume buttons, side button and Camera Control.
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

/** Titanium finishes: band highlight, band, band shadow. */
const TITANIUM: Record<string, [string, string, string]> = {
  'black-titanium': ['#6b6a67', '#3d3c3a', '#1c1c1b'],
  'white-titanium': ['#fbfaf7', '#dddcd7', '#a9a8a3'],
  'natural-titanium': ['#dcd7cc', '#b8b2a5', '#86817a'],
  'desert-titanium': ['#e3cbb6', '#c3a58c', '#94775f'],
};

const SCREEN = { width: 402, height: 874 };
const BORDER = 14.5;
const SCREEN_RADIUS = 62;
/** How far the buttons stand out of the band. */
const BUTTON = 2.6;

// One SVG drawing read top to bottom; splitting it would scatter the coordinates that all its
// parts are measured from.
function frame(o: FrameOptions): FrameSpec {
  const [hi, mid, lo] = TITANIUM[o.color] ?? TITANIUM['black-titanium']!;
  const outerRadius = o.cornerRadius ?? SCREEN_RADIUS + BORDER;
  const body = { x: BUTTON, y: 0, width: SCREEN.width + 2 * BORDER, height: SCREEN.height + 2 * BORDER };
  const bodyRadii: Radii = [outerRadius, outerRadius, outerRadius, outerRadius];
  const [glass, glassRadii] = inset(body, bodyRadii, 4.4);
  const [screen, screenRadii] = inset(body, bodyRadii, BORDER);
  const W = body.width + 2 * BUTTON;

  const button = (side: 'l' | 'r', y: number, h: number) => {
    const x = side === 'l' ? 0.2 : W - BUTTON - 1.2;
    return path(rrect(x, y, BUTTON + 1, h, 1.6), 'fill="url(#btn)"');
  };
  const cx = screen.x + screen.width / 2;
  const island = { width: 125, height: 36.7, top: screen.y + 11 };

  const defs = `<defs>
    ${linear(
      'band',
      [0, 0, 1, 1],
      [
        [0, hi],
        [0.18, mid],
        [0.55, mid],
        [0.85, lo],
        [1, lo],
      ],
    )}
    ${linear(
      'btn',
      [0, 0, 1, 0],
      [
        [0, lo],
        [0.5, hi],
        [1, mid],
      ],
    )}
    ${linear(
      'rim',
      [0, 0, 0, 1],
      [
        [0, '#2a2a2c'],
        [1, '#0b0b0c'],
      ],
    )}
  </defs>`;
  const bodySvg = [
    defs,
    button('l', 172, 33),
    button('l', 252, 60),
    button('l', 330, 60),
    button('r', 262, 98),
    path(rrect(W - BUTTON - 0.6, 545, BUTTON + 0.4, 54, 1.2), `fill="${lo}"`),
    path(rrect(body.x, body.y, body.width, body.height, bodyRadii), 'fill="url(#band)"'),
    path(
      rrect(body.x + 0.6, body.y + 0.6, body.width - 1.2, body.height - 1.2, outerRadius - 0.6),
      `fill="none" stroke="${hi}" stroke-opacity="0.55" stroke-width="0.9"`,
    ),
    path(
      rrect(body.x + 3.6, body.y + 3.6, body.width - 7.2, body.height - 7.2, outerRadius - 3.6),
      `fill="${lo}"`,
    ),
    path(rrect(glass.x, glass.y, glass.width, glass.height, glassRadii), 'fill="#050506"'),
    path(
      rrect(glass.x + 0.5, glass.y + 0.5, glass.width - 1, glass.height - 1, glassRadii[0] - 0.5),
      'fill="none" stroke="url(#rim)" stroke-width="1"',
    ),
  ].join('');
  const overlay = [
    path(
      rrect(cx - island.width / 2, island.top, island.width, island.height, island.height / 2),
      'fill="#000"',
    ),
    `<circle cx="${cx + island.width / 2 - 19}" cy="${island.top + island.height / 2}" r="6.4" fill="#0b0f1a"/>`,
    `<circle cx="${cx + island.width / 2 - 19}" cy="${island.top + island.height / 2}" r="3.2" fill="#141c30"/>`,
    `<circle cx="${cx + island.width / 2 - 20.6}" cy="${island.top + island.height / 2 - 1.6}" r="1.1" fill="#3b4a6b" fill-opacity="0.8"/>`,
  ].join('');
  const spec: FrameSpec = {
    width: W,
    height: body.height,
    screen: { ...screen, radii: screenRadii },
    body: bodySvg,
    overlay,
  };
  return o.landscape ? toLandscape(spec) : spec;
}

export const iphone16Pro: DeviceDefinition = {
  colors: Object.keys(TITANIUM),
  defaultColor: 'black-titanium',
  viewport: { width: 402, height: 874, dpr: 3 },
  rotates: true,
  showsPage: false,
  frame,
};
