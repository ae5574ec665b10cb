import { describe, expect, it } from 'vitest';
import { capture } from '../../lib/capture/index.ts';
import { captureFixtures, near, params, pixels, rgb } from './helpers.ts';

const env = captureFixtures();

// lazy.html (CSS px): 50 px padding under a fixed 50 px nav, a 30 px sticky sub-nav, a 100vh
// hero, three 1000 px sections, a 600 px IntersectionObserver section (with a 200×100 image it
// adds when seen), a 400×300 loading="lazy" image and a 100 px footer: 4980 px in all.
const NAV = rgb('0000ff');
const SUBNAV = rgb('ffa500');
const HERO = rgb('ffff00');
const IO_TOP = 50 + 30 + 900 + 3000;

describe('full_page', () => {
  it('captures the whole page with lazy content loaded and headers painted once', async () => {
    env.fx.clear();
    const shot = await capture(env.tp.pool, params({ url: `${env.fx.origin}/lazy.html`, full_page: true }), {
      allowPrivateTargets: true,
      timeoutMs: 30_000,
    });
    // 2× device pixels; taller than Chromium's 8192 px single-capture limit, so it was tiled.
    expect([shot.width, shot.height]).toEqual([2880, 4980 * 2]);
    expect(shot.warnings).toEqual([]);
    const px = await pixels(shot.image);
    const at = (x: number, y: number) => px.at(x * 2, y * 2);

    expect(near(at(200, 25), NAV)).toBe(true);
    expect(near(at(200, 65), SUBNAV)).toBe(true);
    // 100vh is the viewport's height (900), not the page's: the hero ends at 80 + 900.
    expect(near(at(200, 975), HERO)).toBe(true);
    expect(near(at(200, 985), rgb('dddddd'))).toBe(true);

    // No copy of the fixed nav or the sticky sub-nav anywhere further down (a scroll-and-stitch
    // capture would repeat them every viewport, and a single capture past 8192 px would wrap).
    for (let y = 100; y < 4980; y += 10) {
      const c = at(700, y);
      expect(near(c, NAV) || near(c, SUBNAV) || (y > 980 && near(c, HERO)), `y=${y} ${c}`).toBe(false);
    }

    // The IntersectionObserver section was seen (green) and its image loaded (cyan).
    expect(near(at(700, IO_TOP + 300), rgb('00ff00'))).toBe(true);
    expect(near(at(100, IO_TOP + 50), rgb('00ffff'))).toBe(true);
    // The loading="lazy" image at the bottom is there (red), then the footer.
    expect(near(at(200, IO_TOP + 600 + 150), rgb('ff0000'))).toBe(true);
    expect(near(at(200, 4980 - 50), rgb('333333'))).toBe(true);
    expect(env.fx.requests('/img').map((r) => r.query.has('lazy') || r.query.has('io'))).toEqual([
      true,
      true,
    ]);
  });

  it('stops at full_page_max_height and says so', async () => {
    const shot = await capture(
      env.tp.pool,
      params({
        url: `${env.fx.origin}/lazy.html`,
        full_page: true,
        full_page_max_height: 2000,
        capture_dpr: 1,
      }),
      { allowPrivateTargets: true, timeoutMs: 30_000 },
    );
    expect([shot.width, shot.height]).toEqual([1440, 2000]);
    expect(shot.warnings).toEqual([
      expect.stringContaining('captured the first 2000 px (full_page_max_height)'),
    ]);
    const px = await pixels(shot.image);
    expect(near(px.at(200, 25), NAV)).toBe(true);
    expect(near(px.at(200, 1990), rgb('bbbbbb'))).toBe(true);
  });

  it('works with device emulation at 3× (iPhone)', async () => {
    const shot = await capture(
      env.tp.pool,
      params({ url: `${env.fx.origin}/lazy.html`, full_page: true, device: 'iphone-16-pro' }),
      { allowPrivateTargets: true, timeoutMs: 30_000 },
    );
    expect(shot.width).toBe(402 * 3);
    const px = await pixels(shot.image);
    expect(near(px.at(100, 60), NAV)).toBe(true);
    expect(near(px.at(100, shot.height - 30), rgb('333333'))).toBe(true);
  });
});
