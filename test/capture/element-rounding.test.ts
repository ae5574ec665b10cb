import { describe, expect, it } from 'vitest';
import { capture } from '../../lib/capture/index.ts';
import { captureFixtures, near, type Pixels, params, pixels, rgb } from './helpers.ts';

const env = captureFixtures();

/** An element of `/element-rounding.html` at `dpr`; the page fits the viewport, so nothing scrolls. */
async function shootElement(selector: string, dpr: number) {
  const shot = await capture(
    env.tp.pool,
    params({
      url: `${env.fx.origin}/element-rounding.html`,
      viewport: { width: 800, height: 600 },
      capture_dpr: dpr,
      selector,
    }),
    { allowPrivateTargets: true, timeoutMs: 20_000 },
  );
  return { shot, px: await pixels(shot.image) };
}

/** Device pixels on the outermost rows and columns of the image's top left `cols`×`rows` that are not `colour`. */
function offEdges(px: Pixels, colour: string, cols = px.width, rows = px.height): string[] {
  const want = rgb(colour);
  const off: string[] = [];
  const check = (x: number, y: number) => {
    if (!near(px.at(x, y), want)) off.push(`(${x}, ${y}) is ${px.at(x, y).join(',')}`);
  };
  for (let x = 0; x < cols; x++) {
    check(x, 0);
    check(x, rows - 1);
  }
  for (let y = 0; y < rows; y++) {
    check(0, y);
    check(cols - 1, y);
  }
  return off.slice(0, 5);
}

describe('element boxes round like the browser paints them', () => {
  it.each([
    [1, 200, 120],
    [1.5, 300, 180],
    [2, 400, 240],
  ])(
    'captures a 200×120 element at a fractional offset at dpr %s as exactly %s×%s, no neighbour row',
    async (dpr, width, height) => {
      const { shot, px } = await shootElement('#whole', dpr);
      expect([px.width, px.height]).toEqual([width, height]);
      expect(offEdges(px, 'd02060')).toEqual([]);
      expect(shot.element_resolved?.box).toEqual({ x: 10, y: 34, width: 200, height: 120 });
    },
  );

  // 300.7 + 200.4 = 501.1 and 200.3 + 120.6 = 320.9: Chromium paints the background from the
  // rounded start to the rounded end in CSS px (columns 301–500, rows 200–320), then scales by the
  // dpr, so that box is the shot: 200×121 CSS px, as puppeteer's own element screenshot clips it.
  it.each([
    [1, 200, 121],
    [2, 400, 242],
  ])(
    'captures a 200.4×120.6 element at dpr %s as the %s×%s device px Chromium paints',
    async (dpr, width, height) => {
      const { shot, px } = await shootElement('#fractional', dpr);
      expect([px.width, px.height]).toEqual([width, height]);
      expect(offEdges(px, '2040d0')).toEqual([]);
      expect(shot.element_resolved?.box).toEqual({ x: 301, y: 200, width: 200, height: 121 });
    },
  );

  it('captures it at dpr 1.5 as 300×182, the last row and column the half device px Chromium blends', async () => {
    // At 1.5 an odd CSS px edge falls mid device pixel: the box (301, 200)–(501, 321) is
    // (451.5, 300)–(751.5, 481.5) device px. Chromium's shot starts on a whole pixel and ends on
    // the half-covered one, antialiased; cutting it would drop half a device px of the element.
    const { px } = await shootElement('#fractional', 1.5);
    expect([px.width, px.height]).toEqual([300, 182]);
    expect(offEdges(px, '2040d0', 299, 181)).toEqual([]);
    const blend: [number, number, number] = [16, 128, 104]; // #2040d0 half over #00c000
    for (const i of [0, 90, 180]) {
      expect(near(px.at(i, 181), blend)).toBe(true);
      expect(near(px.at(299, i), blend)).toBe(true);
    }
  });
});
