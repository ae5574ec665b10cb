import { describe, expect, it } from 'vitest';
import { capture, resolveEmulation } from '../../lib/capture/index.ts';
import { captureFixtures, near, params, pixels, rgb } from './helpers.ts';

const env = captureFixtures();

const shoot = (input: Record<string, unknown>) =>
  capture(env.tp.pool, params({ url: `${env.fx.origin}/emulation.html`, ...input }), {
    allowPrivateTargets: true,
    timeoutMs: 20_000,
  });

/** What emulation.html reported about its environment during the last capture. */
function seen(): Record<string, string | number | boolean> {
  const beacon = env.fx.requests('/beacon').at(-1);
  expect(beacon, 'the page reported back').toBeDefined();
  return JSON.parse(beacon!.query.get('d')!);
}

describe('resolveEmulation', () => {
  it('defaults to a 1440×900 desktop at 2× without a device', () => {
    expect(resolveEmulation({})).toMatchObject({
      viewport: { width: 1440, height: 900 },
      dpr: 2,
      mobile: false,
      touch: false,
    });
  });

  it.each([
    ['iphone-16-pro', 402, 874, 3, true],
    ['macbook-pro-16', 1728, 1117, 2, false],
    ['ipad-pro-m4', 1032, 1376, 2, true],
    ['browser-macos', 1440, 900, 2, false],
    ['browser-windows', 1440, 900, 1, false],
  ] as const)('uses the contract table for %s', (device, width, height, dpr, mobile) => {
    expect(resolveEmulation({ device })).toMatchObject({
      viewport: { width, height },
      dpr,
      mobile,
      touch: mobile,
    });
  });

  it('lets explicit parameters win over the device', () => {
    const emu = resolveEmulation({
      device: 'iphone-16-pro',
      viewport: { width: 500, height: 700 },
      capture_dpr: 1,
      user_agent: 'Custom/1.0',
      emulate_mobile: false,
      emulate_touch: false,
    });
    expect(emu).toMatchObject({
      viewport: { width: 500, height: 700 },
      dpr: 1,
      userAgent: 'Custom/1.0',
      mobile: false,
      touch: false,
    });
  });

  it('announces a mobile browser when mobile is emulated without a device', () => {
    const emu = resolveEmulation({ emulate_mobile: true });
    expect(emu.userAgent).toContain('Mobile');
    expect(emu.touch).toBe(true);
  });
});

describe('emulation in the page', () => {
  it('captures the default viewport at 2× (2880×1800) as a desktop browser', async () => {
    env.fx.clear();
    const shot = await shoot({});
    expect([shot.width, shot.height, shot.dpr, shot.format]).toEqual([2880, 1800, 2, 'png']);
    const page = seen();
    expect(page).toMatchObject({
      innerWidth: 1440,
      innerHeight: 900,
      dpr: 2,
      maxTouchPoints: 0,
      touchEvents: false,
    });
    expect(page.ua).toMatch(/Macintosh.*Chrome\/\d+/);
    expect(page.ua).not.toContain('Headless');
    expect(shot.page).toMatchObject({
      url: `${env.fx.origin}/emulation.html`,
      title: 'Emulation probe',
      status: 200,
    });
  });

  it('makes the image exactly viewport × capture_dpr', async () => {
    const a = await shoot({ viewport: { width: 800, height: 600 }, capture_dpr: 1 });
    expect([a.width, a.height, a.dpr]).toEqual([800, 600, 1]);
    const b = await shoot({ viewport: { width: 400, height: 300 }, capture_dpr: 3 });
    expect([b.width, b.height, b.dpr]).toEqual([1200, 900, 3]);
    const c = await shoot({ viewport: { width: 333, height: 250 }, capture_dpr: 1.5 });
    expect([c.width, c.height]).toEqual([500, 375]);
  });

  it('emulates an iPhone 16 Pro from the device defaults', async () => {
    env.fx.clear();
    const shot = await shoot({ device: 'iphone-16-pro' });
    expect([shot.width, shot.height, shot.dpr]).toEqual([1206, 2622, 3]);
    const page = seen();
    expect(page.ua).toContain('iPhone');
    expect(page.platform).toBe('iPhone');
    expect(page.maxTouchPoints).toBeGreaterThan(0);
    expect(page.touchEvents).toBe(true);
    // Mobile emulation honours <meta name="viewport" content="width=980">.
    expect(page.innerWidth).toBe(980);
  });

  it('emulates a Windows browser at 1×', async () => {
    env.fx.clear();
    const shot = await shoot({ device: 'browser-windows' });
    expect([shot.width, shot.height]).toEqual([1440, 900]);
    expect(seen()).toMatchObject({ platform: 'Win32', innerWidth: 1440 });
    expect(seen().ua).toContain('Windows NT 10.0');
  });

  it('sends user_agent in the request headers and to scripts', async () => {
    env.fx.clear();
    await shoot({ user_agent: 'FrameshotTest/1.0 (+https://example.com)' });
    expect(env.fx.requests('/emulation.html')[0]?.headers['user-agent']).toBe(
      'FrameshotTest/1.0 (+https://example.com)',
    );
    expect(seen().ua).toBe('FrameshotTest/1.0 (+https://example.com)');
  });

  it('emulate_mobile honours the page meta viewport; emulate_touch adds touch', async () => {
    env.fx.clear();
    await shoot({ emulate_mobile: true, viewport: { width: 400, height: 800 } });
    expect(seen()).toMatchObject({ innerWidth: 980, touchEvents: true });
    env.fx.clear();
    await shoot({ emulate_touch: true });
    expect(seen()).toMatchObject({ innerWidth: 1440, touchEvents: true, maxTouchPoints: 5 });
    env.fx.clear();
    await shoot({ emulate_mobile: false, emulate_touch: false, device: 'ipad-pro-m4' });
    expect(seen()).toMatchObject({ innerWidth: 1032, touchEvents: false, maxTouchPoints: 0 });
  });

  it('applies locale to navigator, Intl and Accept-Language', async () => {
    env.fx.clear();
    await shoot({ locale: 'fr-FR' });
    expect(seen()).toMatchObject({ lang: 'fr-FR', intlLocale: 'fr-FR' });
    expect(env.fx.requests('/emulation.html')[0]?.headers['accept-language']).toMatch(/^fr-FR/);
  });

  it('applies timezone', async () => {
    env.fx.clear();
    await shoot({ timezone: 'Asia/Tokyo' });
    expect(seen().tz).toBe('Asia/Tokyo');
    env.fx.clear();
    await shoot({});
    expect(seen().tz).toBe('UTC');
  });

  it('dark_mode switches prefers-color-scheme (pixels and media query)', async () => {
    env.fx.clear();
    const dark = await shoot({ dark_mode: true, viewport: { width: 300, height: 300 }, capture_dpr: 1 });
    expect(seen().dark).toBe(true);
    expect(near((await pixels(dark.image)).at(150, 150), rgb('000000'))).toBe(true);
    env.fx.clear();
    const light = await shoot({ viewport: { width: 300, height: 300 }, capture_dpr: 1 });
    expect(seen().dark).toBe(false);
    expect(near((await pixels(light.image)).at(150, 150), rgb('ffffff'))).toBe(true);
  });
});
