import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEVICE_FRAMES } from '../../lib/compose/devices/index.ts';
import { compose } from '../../lib/compose/index.ts';
import { ApiError } from '../../lib/errors.ts';
import { bounds, columnExtent, ctx, isMagenta, params, pixels, solidShot } from './helpers.ts';

const VIEWPORTS = {
  'iphone-16-pro': [402, 874, 3],
  'macbook-pro-16': [1728, 1117, 2],
  'ipad-pro-m4': [1032, 1376, 2],
  'browser-macos': [1440, 900, 2],
  'browser-windows': [1440, 900, 1],
} as const;

describe('output size and format', () => {
  it('renders exactly output.width × output.height', async () => {
    const shot = await solidShot(400, 300, 1);
    const out = await compose(shot, params({ output: { width: 777, height: 555 } }), ctx);
    const meta = await sharp(out.data).metadata();
    expect([out.width, out.height, meta.width, meta.height]).toEqual([777, 555, 777, 555]);
  });

  it('derives the missing side from aspect_ratio and multiplies by output.dpr', async () => {
    const shot = await solidShot(400, 300, 1);
    const out = await compose(shot, params({ aspect_ratio: '16:9', output: { width: 640, dpr: 2 } }), ctx);
    expect([out.width, out.height]).toEqual([1280, 720]);
  });

  it.each([
    ['1:1', 1],
    ['4:5', 0.8],
    ['9:16', 9 / 16],
    ['21:9', 21 / 9],
  ] as const)('gives the %s aspect ratio a canvas of that ratio by default', async (ratio, value) => {
    const shot = await solidShot(400, 300, 1);
    const out = await compose(shot, params({ aspect_ratio: ratio, shadow: 'none' }), ctx);
    expect(out.width / out.height).toBeCloseTo(value, 2);
  });

  it('picks a per-device default canvas: portrait for the phone, 3:2 for the laptop', async () => {
    const phone = await compose(
      await solidShot(402, 874, 1),
      params({ device: 'iphone-16-pro', shadow: 'none' }),
      ctx,
    );
    const laptop = await compose(
      await solidShot(1728, 1117, 1),
      params({ device: 'macbook-pro-16', shadow: 'none' }),
      ctx,
    );
    expect(phone.height).toBeGreaterThan(phone.width);
    expect([laptop.width, laptop.height]).toEqual([2400, 1600]);
  });

  it('caps the longer side at 6144 px and says so', async () => {
    const shot = await solidShot(400, 300, 1);
    const out = await compose(
      shot,
      params({ output: { width: 4000, height: 3000, dpr: 3 }, shadow: 'none' }),
      ctx,
    );
    expect(Math.max(out.width, out.height)).toBe(6144);
    expect(out.warnings.join()).toContain('6144');
  });

  it('survives extreme values: a tiny canvas, padding larger than the canvas, a huge zoom', async () => {
    const shot = await solidShot(400, 300, 1);
    const tiny = await compose(
      shot,
      params({ device: 'iphone-16-pro', output: { width: 16, height: 16 } }),
      ctx,
    );
    expect([tiny.width, tiny.height]).toEqual([16, 16]);
    const padded = await compose(shot, params({ padding: 1000, output: { width: 300 } }), ctx);
    expect(padded.warnings.join()).toContain('padding was reduced');
    const zoomed = await compose(
      shot,
      params({ device_scale: 2, frame_scale: 2, zoom: 3, output: { width: 600 } }),
      ctx,
    );
    expect(zoomed.warnings.join()).toContain('limited');
  });

  it.each(['png', 'webp', 'jpg', 'avif', 'gif'] as const)(
    'encodes %s with the right content type',
    async (format) => {
      const shot = await solidShot(400, 300, 1);
      const out = await compose(shot, params({ output: { format, width: 300 } }), ctx);
      const meta = await sharp(out.data).metadata();
      expect(meta.format).toBe(format === 'jpg' ? 'jpeg' : format === 'avif' ? 'heif' : format);
      expect(out.contentType).toBe(`image/${format === 'jpg' ? 'jpeg' : format}`);
    },
  );

  it('lets output.quality change the size of lossy formats', async () => {
    const shot = await solidShot(400, 300, 1, '#3366cc');
    const low = await compose(shot, params({ output: { format: 'webp', width: 600, quality: 10 } }), ctx);
    const high = await compose(shot, params({ output: { format: 'webp', width: 600, quality: 95 } }), ctx);
    expect(high.data.length).toBeGreaterThan(low.data.length);
  });
});

describe('device frames', () => {
  it.each(Object.entries(VIEWPORTS))(
    '%s: the screenshot fills a screen of the viewport aspect, with the frame just outside it',
    async (device, [w, h, dpr]) => {
      const shot = await solidShot(w, h, dpr);
      const out = await compose(
        shot,
        params({
          device,
          background_style: 'solid',
          background_color: '#00ff00',
          shadow: 'none',
          output: { width: 1000 },
        }),
        ctx,
      );
      const img = await pixels(out.data);
      const screen = bounds(img, isMagenta);
      // The screen area keeps the viewport's aspect (the Dynamic Island / notch sit inside it).
      expect(screen.width / screen.height).toBeCloseTo(w / h, 1);
      const cx = (screen.x0 + screen.x1) / 2;
      const cy = (screen.y0 + screen.y1) / 2;
      expect(isMagenta(img.at(cx, cy))).toBe(true);
      // Just left of the screen: the frame (not the screenshot, not the background).
      const frameLeft = img.at(screen.x0 - 3, cy);
      const isBackground = ([r, g, b]: number[]) => r! < 20 && g! > 235 && b! < 20;
      if (!device.startsWith('browser')) {
        expect(isMagenta(frameLeft)).toBe(false);
        expect(isBackground(frameLeft)).toBe(false);
      }
      // Just above the screen: the bezel or the browser toolbar.
      const above = img.at(cx + screen.width * 0.3, screen.y0 - 4);
      expect(isMagenta(above) || isBackground(above)).toBe(false);
      // Rounded screen corners: the corner pixel of the screen's box is not screenshot.
      if (device !== 'macbook-pro-16') expect(isMagenta(img.at(screen.x0, screen.y1))).toBe(false);
    },
  );

  it.each(['iphone-16-pro', 'ipad-pro-m4'] as const)(
    '%s: no background shows between the screen and the bezel',
    async (device) => {
      const [w, h, dpr] = VIEWPORTS[device];
      const shot = await solidShot(w, h, dpr, '#ffffff');
      const p = params({
        device,
        background_style: 'solid',
        background_color: '#00ff00',
        shadow: 'none',
        output: { width: 700 },
      });
      const img = await pixels((await compose(shot, p, ctx)).data);
      const greenish = ([r, g, b]: number[]) => g! > r! + 40 && g! > b! + 40;
      let fringe = 0;
      for (let y = 2; y < img.height - 2; y++) {
        for (let x = 2; x < img.width - 2; x++) {
          const [r, g, b] = img.at(x, y);
          if (r < 240 || g < 240 || b < 240) continue;
          for (const [dx, dy] of [
            [-2, 0],
            [2, 0],
            [0, -2],
            [0, 2],
            [-1, -1],
            [1, 1],
            [-1, 1],
            [1, -1],
          ] as const) {
            if (greenish(img.at(x + dx, y + dy))) fringe++;
          }
        }
      }
      expect(fringe).toBe(0);
    },
  );

  it('shows the page host in the browser URL bar', async () => {
    const shot = await solidShot(1440, 900, 1, '#ffffff');
    const render = (url: string) =>
      compose(shot, params({ device: 'browser-macos', shadow: 'none', output: { width: 1000 } }), {
        pageUrl: url,
      });
    const a = await pixels((await render('https://a.example')).data);
    const b = await pixels((await render('https://a-much-longer-host-name.example.org')).data);
    const inkInBar = (img: Awaited<ReturnType<typeof pixels>>) => {
      const bar = bounds(img, ([r, g, b]) => r > 220 && r < 235 && g > 220 && g < 235 && b > 220 && b < 238);
      let ink = 0;
      for (let x = bar.x0; x <= bar.x1; x++)
        for (let y = bar.y0; y <= bar.y1; y++) if (img.at(x, y)[0] < 120) ink++;
      return ink;
    };
    expect(inkInBar(b)).toBeGreaterThan(inkInBar(a) * 1.5);
  });

  it('turns the iPad to landscape for a landscape capture', async () => {
    const out = await compose(
      await solidShot(1376, 1032, 1),
      params({ device: 'ipad-pro-m4', shadow: 'none', output: { width: 1000 } }),
      ctx,
    );
    const screen = bounds(await pixels(out.data), isMagenta);
    expect(screen.width / screen.height).toBeCloseTo(1376 / 1032, 1);
  });

  it('shows the top of a full-page capture inside a phone', async () => {
    const tall = await sharp({ create: { width: 402, height: 3000, channels: 3, background: '#0000ff' } })
      .composite([
        {
          input: { create: { width: 402, height: 874, channels: 3, background: '#ff00ff' } },
          left: 0,
          top: 0,
        },
      ])
      .png()
      .toBuffer();
    const out = await compose(
      { data: tall, width: 402, height: 3000, dpr: 1 },
      params({ device: 'iphone-16-pro', shadow: 'none', output: { width: 800 } }),
      ctx,
    );
    const img = await pixels(out.data);
    const blue = bounds(img, ([r, g, b]) => r < 20 && g < 20 && b > 235);
    expect(blue.width).toBeLessThan(0); // no blue: only the first screenful is shown
    expect(bounds(img, isMagenta).width).toBeGreaterThan(100);
  });

  it('gives every device all of its colours', () => {
    expect(DEVICE_FRAMES['iphone-16-pro'].colors).toHaveLength(4);
    for (const d of ['macbook-pro-16', 'ipad-pro-m4', 'browser-macos', 'browser-windows'] as const) {
      expect(DEVICE_FRAMES[d].colors).toHaveLength(2);
    }
  });

  it('draws the colours differently', async () => {
    const shot = await solidShot(402, 874, 1);
    const base = {
      device: 'iphone-16-pro',
      background_style: 'solid',
      background_color: '#00ff00',
      shadow: 'none',
      output: { width: 600 },
    };
    const black = await pixels(
      (await compose(shot, params({ ...base, device_color: 'black-titanium' }), ctx)).data,
    );
    const white = await pixels(
      (await compose(shot, params({ ...base, device_color: 'white-titanium' }), ctx)).data,
    );
    const screen = bounds(black, isMagenta);
    // The band sits a few px outside the glass border on the left edge.
    const band = (img: typeof black) => {
      const y = screen.y0 + screen.height * 0.15;
      for (let x = 0; x < screen.x0; x++) {
        const [r, g, b] = img.at(x, y);
        if (!(r < 20 && g > 235 && b < 20))
          return [img.at(x + 1, y), img.at(x + 2, y)].reduce((s, p) => s + p[0] + p[1] + p[2], 0) / 2;
      }
      return -1;
    };
    expect(band(white)).toBeGreaterThan(band(black) + 150);
  });
});

describe('background, corners and shadow', () => {
  it('leaves transparent pixels where the background is transparent', async () => {
    const out = await compose(
      await solidShot(800, 500, 1),
      params({ background_style: 'transparent', output: { width: 800 } }),
      ctx,
    );
    const img = await pixels(out.data);
    expect(img.at(2, 2)[3]).toBe(0);
    expect(img.at(img.width - 3, img.height - 3)[3]).toBe(0);
    expect(img.at(img.width / 2, img.height / 2)[3]).toBe(255);
  });

  it('rounds the corners of a bare screenshot by corner_radius', async () => {
    const shot = await solidShot(800, 500, 1);
    const common = {
      background_style: 'solid',
      background_color: '#00ff00',
      shadow: 'none',
      padding: 50,
      output: { width: 900, height: 600 },
    };
    const round = await pixels((await compose(shot, params({ ...common, corner_radius: 60 }), ctx)).data);
    const square = await pixels((await compose(shot, params({ ...common, corner_radius: 0 }), ctx)).data);
    const box = bounds(square, isMagenta);
    expect(isMagenta(square.at(box.x0 + 2, box.y0 + 2))).toBe(true);
    expect(isMagenta(round.at(box.x0 + 2, box.y0 + 2))).toBe(false);
    expect(isMagenta(round.at(box.x0 + 60, box.y0 + 2))).toBe(true);
  });

  it('fills a solid background and honours padding', async () => {
    const out = await compose(
      await solidShot(800, 500, 1),
      params({
        background_style: 'solid',
        background_color: '#123456',
        shadow: 'none',
        padding: 100,
        corner_radius: 0,
        output: { width: 1000, height: 700 },
      }),
      ctx,
    );
    const img = await pixels(out.data);
    expect(img.at(5, 5).slice(0, 3)).toEqual([0x12, 0x34, 0x56]);
    const box = bounds(img, isMagenta);
    expect(Math.min(box.x0, box.y0, img.width - 1 - box.x1, img.height - 1 - box.y1)).toBeGreaterThanOrEqual(
      99,
    );
  });

  it('casts a shadow below the subject, and none with shadow none', async () => {
    const common = {
      background_style: 'solid',
      background_color: '#ffffff',
      padding: 150,
      output: { width: 1000, height: 800 },
    };
    const shot = await solidShot(800, 500, 1);
    const soft = await pixels((await compose(shot, params({ ...common, shadow: 'soft' }), ctx)).data);
    const none = await pixels((await compose(shot, params({ ...common, shadow: 'none' }), ctx)).data);
    const box = bounds(none, isMagenta);
    const below = (img: typeof soft) => img.at((box.x0 + box.x1) / 2, box.y1 + 12)[0];
    expect(below(none)).toBe(255);
    expect(below(soft)).toBeLessThan(235);
  });

  it('colours the glow shadow from the background', async () => {
    const common = {
      background_style: 'solid',
      background_color: '#1e1b4b',
      padding: 150,
      output: { width: 1000, height: 800 },
    };
    const shot = await solidShot(800, 500, 1);
    const glow = await pixels((await compose(shot, params({ ...common, shadow: 'glow' }), ctx)).data);
    const box = bounds(glow, isMagenta);
    const [r, g, b] = glow.at(500, box.y0 - 12);
    // Lighter than the background, and still bluish: the background's colour, brightened.
    expect(r + g + b).toBeGreaterThan(0x1e + 0x1b + 0x4b + 60);
    expect(b).toBeGreaterThan(r);
  });

  it("uses background_image_url through the caller's fetcher, and falls back with a warning without one", async () => {
    const red = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#ff0000' } })
      .png()
      .toBuffer();
    const shot = await solidShot(800, 500, 1);
    const p = params({ background_image_url: 'https://images.example/bg.png', output: { width: 600 } });
    const withImage = await compose(shot, p, { ...ctx, fetchImage: async () => red });
    expect((await pixels(withImage.data)).at(2, 2).slice(0, 3)).toEqual([255, 0, 0]);
    const without = await compose(shot, p, ctx);
    expect(without.warnings.join()).toContain('background_image_url');
    const refused = await compose(shot, p, {
      ...ctx,
      fetchImage: async () => Promise.reject(new Error('private address')),
    });
    expect(refused.warnings.join()).toContain('private address');
  });
});

describe('3D camera', () => {
  it('is a true projective warp: the receding edge is shorter, not skewed', async () => {
    const shot = await solidShot(800, 500, 1);
    const common = {
      background_style: 'solid',
      background_color: '#00ff00',
      shadow: 'none',
      output: { width: 1000, height: 800 },
    };
    const left = await pixels(
      (await compose(shot, params({ ...common, perspective: 'tilt-left' }), ctx)).data,
    );
    const box = bounds(left, isMagenta);
    const leftEdge = columnExtent(left, box.x0 + 3, isMagenta);
    const rightEdge = columnExtent(left, box.x1 - 3, isMagenta);
    expect(leftEdge).toBeLessThan(rightEdge * 0.95);
    const right = await pixels(
      (await compose(shot, params({ ...common, perspective: 'tilt-right' }), ctx)).data,
    );
    const rb = bounds(right, isMagenta);
    expect(columnExtent(right, rb.x0 + 3, isMagenta)).toBeGreaterThan(
      columnExtent(right, rb.x1 - 3, isMagenta) * 1.05,
    );
  });

  it('anti-aliases the warped edges', async () => {
    const shot = await solidShot(800, 500, 1);
    const out = await compose(
      shot,
      params({
        background_style: 'solid',
        background_color: '#00ff00',
        shadow: 'none',
        roll: 7,
        output: { width: 1000, height: 800 },
      }),
      ctx,
    );
    const img = await pixels(out.data);
    let blended = 0;
    for (let i = 0; i < img.data.length; i += 4) {
      const r = img.data[i]!;
      const g = img.data[i + 1]!;
      if (r > 30 && r < 225 && g > 30 && g < 225) blended++;
    }
    expect(blended).toBeGreaterThan(500);
  });

  it('casts the shadow from the tilted shape', async () => {
    const shot = await solidShot(800, 500, 1);
    const common = {
      background_style: 'solid',
      background_color: '#ffffff',
      shadow: 'hard',
      perspective: 'tilt-left-strong',
      output: { width: 1000, height: 800 },
    };
    const img = await pixels((await compose(shot, params(common), ctx)).data);
    const box = bounds(img, isMagenta);
    // The hard shadow sits just below the projected bottom edge on both sides, which are at different heights.
    const bottomAt = (x: number) => {
      for (let y = img.height - 1; y > 0; y--) if (isMagenta(img.at(x, y))) return y;
      return -1;
    };
    for (const x of [box.x0 + 40, box.x1 - 40]) {
      const y = bottomAt(x);
      expect(img.at(x + 10, y + 8)[0]).toBeLessThan(200);
    }
    expect(Math.abs(bottomAt(box.x0 + 40) - bottomAt(box.x1 - 40))).toBeGreaterThan(10);
  });

  it.each(['bottom-cropped', 'top-cropped'] as const)(
    'bleeds the device off the canvas edge with layout %s',
    async (layout) => {
      const shot = await solidShot(402, 874, 1);
      const p = params({ device: 'iphone-16-pro', layout, aspect_ratio: '16:9', output: { width: 800 } });
      const img = await pixels((await compose(shot, p, ctx)).data);
      const screen = bounds(img, isMagenta);
      const [cut, free] =
        layout === 'bottom-cropped'
          ? [img.height - 1 - screen.y1, screen.y0]
          : [screen.y0, img.height - 1 - screen.y1];
      expect(cut).toBe(0);
      expect(free).toBeGreaterThan(10);
    },
  );
});

describe('text and depth', () => {
  it('never lets a title overflow the canvas: it wraps and shrinks', async () => {
    const shot = await solidShot(800, 500, 1);
    const out = await compose(
      shot,
      params({
        title: 'W'.repeat(60),
        title_size: 400,
        background_style: 'solid',
        background_color: '#ffffff',
        shadow: 'none',
        output: { width: 600, height: 400 },
      }),
      ctx,
    );
    const img = await pixels(out.data);
    const ink = bounds(img, ([r, g, b]) => r < 80 && g < 80 && b < 80);
    expect(ink.x0).toBeGreaterThan(0);
    expect(ink.x1).toBeLessThan(img.width - 1);
    expect(ink.y0).toBeGreaterThan(0);
    expect(bounds(img, isMagenta).height).toBeGreaterThan(50);
  });

  it('puts a left title beside the device', async () => {
    const shot = await solidShot(800, 500, 1);
    const out = await compose(
      shot,
      params({
        title: 'Hello',
        title_position: 'left',
        title_color: '#000000',
        background_style: 'solid',
        background_color: '#ffffff',
        output: { width: 1200, height: 600 },
      }),
      ctx,
    );
    const img = await pixels(out.data);
    const ink = bounds(img, ([r, g, b]) => r < 40 && g < 40 && b < 40);
    expect(ink.x1).toBeLessThan(bounds(img, isMagenta).x0);
  });

  it('blurs the background but keeps a flat device sharp with depth_blur lens', async () => {
    const striped = await sharp({ create: { width: 1000, height: 600, channels: 3, background: '#ffffff' } })
      .composite(
        Array.from({ length: 50 }, (_, i) => ({
          input: { create: { width: 10, height: 600, channels: 3 as const, background: '#000000' } },
          left: i * 20,
          top: 0,
        })),
      )
      .png()
      .toBuffer();
    const out = await compose(
      { data: striped, width: 1000, height: 600, dpr: 1 },
      params({
        depth_blur: 40,
        depth_blur_type: 'lens',
        shadow: 'none',
        background_preset: 'custom',
        background_gradient: 'repeating-linear-gradient(90deg, #000 0 8px, #fff 8px 16px)',
        output: { width: 1000, height: 700 },
      }),
      ctx,
    );
    const img = await pixels(out.data);
    const contrast = (y: number, x0: number, x1: number) => {
      let lo = 255;
      let hi = 0;
      for (let x = x0; x < x1; x++) {
        lo = Math.min(lo, img.at(x, y)[0]);
        hi = Math.max(hi, img.at(x, y)[0]);
      }
      return hi - lo;
    };
    expect(contrast(10, 0, 200)).toBeLessThan(80);
    expect(contrast(350, 300, 700)).toBeGreaterThan(200);
  });

  it('turns an unexpected failure into render_failed', async () => {
    const bad = { data: Buffer.from('not an image'), width: 100, height: 100, dpr: 1 };
    await expect(compose(bad, params({}), ctx)).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof ApiError && e.code === 'capture_failed' && e.extra['reason'] === 'render_failed',
    );
  });
});
