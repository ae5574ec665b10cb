/**
 * @module compose/devices/macbook-pro-16
 * 16-inch MacBook Pro, front view, drawn in points (1 pt = 0.2 mm): the 1728×1117 pt display with
 * its notch, the black bezel in an aluminium lid, the hinge, and the wider base with the thumb notch.
 */
import {
  type DeviceDefinition,
  type FrameOptions,
  type FrameSpec,
  linear,
  path,
  type Radii,
  rrect,
} from './spec.ts';

interface Finish {
  lid: [string, string];
  hinge: [string, string];
  base: [string, string, string, string];
  notch: [string, string];
}

const FINISHES: Record<string, Finish> = {
  'space-black': {
    lid: ['#4a4b50', '#26272a'],
    hinge: ['#0c0c0d', '#2a2b2e'],
    base: ['#6b6c71', '#3a3b3f', '#2a2b2e', '#151517'],
    notch: ['#141416', '#2c2d31'],
  },
  silver: {
    lid: ['#e6e7ea', '#bfc1c5'],
    hinge: ['#3a3b3e', '#7c7e83'],
    base: ['#fbfbfc', '#dcdde0', '#c9cbce', '#8f9196'],
    notch: ['#9a9ca1', '#c8cacd'],
  },
};

const SCREEN = { width: 1728, height: 1117 };
const SIDE = 24;
const TOP = 24;
const CHIN = 34;
const LID_W = SCREEN.width + 2 * SIDE;
const LID_H = SCREEN.height + TOP + CHIN;
const BASE_W = Math.round(LID_W * 1.115);
const BASE_H = 30;
const HINGE_H = 9;

// One SVG drawing read top to bottom; splitting it would scatter the coordinates that all its
// parts are measured from.
function frame(o: FrameOptions): FrameSpec {
  const f = FINISHES[o.color] ?? FINISHES['space-black']!;
  const W = BASE_W + 4;
  const H = LID_H + HINGE_H + BASE_H - 2 + 2;
  const lid = { x: (W - LID_W) / 2, y: 0.5 };
  const lidTop = o.cornerRadius ?? 30;
  const lidRadii: Radii = [lidTop, lidTop, 7, 7];
  const screen = { x: lid.x + SIDE, y: lid.y + TOP, width: SCREEN.width, height: SCREEN.height };
  const screenRadii: Radii = [Math.max(0, lidTop - 16), Math.max(0, lidTop - 16), 6, 6];
  const baseY = lid.y + LID_H + HINGE_H - 2;
  const bx = (W - BASE_W) / 2;
  const cx = W / 2;
  const thumb = 118;
  const basePath = [
    `M${bx + 4} ${baseY}`,
    `H${cx - thumb}`,
    `C${cx - thumb + 16} ${baseY} ${cx - thumb + 18} ${baseY + 8} ${cx - thumb + 36} ${baseY + 8}`,
    `H${cx + thumb - 36}`,
    `C${cx + thumb - 18} ${baseY + 8} ${cx + thumb - 16} ${baseY} ${cx + thumb} ${baseY}`,
    `H${bx + BASE_W - 4}`,
    `C${bx + BASE_W} ${baseY} ${bx + BASE_W} ${baseY + 4} ${bx + BASE_W} ${baseY + 6}`,
    `C${bx + BASE_W} ${baseY + BASE_H * 0.7} ${bx + BASE_W - 40} ${baseY + BASE_H} ${bx + BASE_W - 90} ${baseY + BASE_H}`,
    `H${bx + 90}`,
    `C${bx + 40} ${baseY + BASE_H} ${bx} ${baseY + BASE_H * 0.7} ${bx} ${baseY + 6}`,
    `C${bx} ${baseY + 4} ${bx} ${baseY} ${bx + 4} ${baseY}Z`,
  ].join('');
  const notchFloor = `M${cx - thumb + 6} ${baseY}H${cx + thumb - 6}C${cx + thumb - 20} ${baseY + 1} ${cx + thumb - 22} ${baseY + 8} ${cx + thumb - 36} ${baseY + 8}H${cx - thumb + 36}C${cx - thumb + 22} ${baseY + 8} ${cx - thumb + 20} ${baseY + 1} ${cx - thumb + 6} ${baseY}Z`;
  const body = [
    '<defs>',
    linear(
      'lid',
      [0, 0, 0, 1],
      [
        [0, f.lid[0]],
        [0.02, f.lid[1]],
        [1, f.lid[1]],
      ],
    ),
    linear(
      'hinge',
      [0, 0, 0, 1],
      [
        [0, f.hinge[0]],
        [0.6, f.hinge[1]],
        [1, f.hinge[0]],
      ],
    ),
    linear(
      'base',
      [0, 0, 0, 1],
      [
        [0, f.base[0]],
        [0.12, f.base[1]],
        [0.55, f.base[2]],
        [1, f.base[3]],
      ],
    ),
    linear(
      'baseSides',
      [0, 0, 1, 0],
      [
        [0, '#000', 0.35],
        [0.06, '#000', 0],
        [0.94, '#000', 0],
        [1, '#000', 0.35],
      ],
    ),
    linear(
      'notch',
      [0, 0, 0, 1],
      [
        [0, f.notch[0]],
        [1, f.notch[1]],
      ],
    ),
    '</defs>',
    path(rrect(cx - LID_W / 2 + 60, lid.y + LID_H - 6, LID_W - 120, HINGE_H + 6, 3), 'fill="url(#hinge)"'),
    path(basePath, 'fill="url(#base)"'),
    path(basePath, 'fill="url(#baseSides)"'),
    path(notchFloor, 'fill="url(#notch)"'),
    path(rrect(lid.x, lid.y, LID_W, LID_H, lidRadii), 'fill="url(#lid)"'),
    path(
      rrect(
        lid.x + 2.2,
        lid.y + 2.2,
        LID_W - 4.4,
        LID_H - 4.4,
        lidRadii.map((r) => Math.max(0, r - 2.2)) as Radii,
      ),
      'fill="#050505"',
    ),
    path(
      rrect(
        lid.x + 2.7,
        lid.y + 2.7,
        LID_W - 5.4,
        LID_H - 5.4,
        lidRadii.map((r) => Math.max(0, r - 2.7)) as Radii,
      ),
      'fill="none" stroke="#1d1d20" stroke-width="1"',
    ),
  ].join('');
  const nW = 190;
  const nH = 32;
  // Starts inside the bezel so no screenshot pixel shows between bezel and notch.
  const top = screen.y - 2;
  const notch = [
    `M${cx - nW / 2 - 6} ${top}`,
    `H${cx + nW / 2 + 6}`,
    `V${screen.y}`,
    `C${cx + nW / 2 + 1} ${screen.y} ${cx + nW / 2} ${screen.y + 1} ${cx + nW / 2} ${screen.y + 6}`,
    `V${screen.y + nH - 9}`,
    `A9 9 0 0 1 ${cx + nW / 2 - 9} ${screen.y + nH}`,
    `H${cx - nW / 2 + 9}`,
    `A9 9 0 0 1 ${cx - nW / 2} ${screen.y + nH - 9}`,
    `V${screen.y + 6}`,
    `C${cx - nW / 2} ${screen.y + 1} ${cx - nW / 2 - 1} ${screen.y} ${cx - nW / 2 - 6} ${screen.y}Z`,
  ].join('');
  const overlay = [
    path(notch, 'fill="#050505"'),
    `<circle cx="${cx}" cy="${screen.y + 15}" r="4" fill="#0d1220"/>`,
    `<circle cx="${cx}" cy="${screen.y + 15}" r="1.8" fill="#1b2640"/>`,
  ].join('');
  return { width: W, height: H, screen: { ...screen, radii: screenRadii }, body, overlay };
}

export const macbookPro16: DeviceDefinition = {
  colors: Object.keys(FINISHES),
  defaultColor: 'space-black',
  viewport: { width: 1728, height: 1117, dpr: 2 },
  rotates: false,
  showsPage: false,
  frame,
};
