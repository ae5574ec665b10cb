/**
 * Catalogue backgrounds in the composer (pure, no emulators): drawn at the canvas's exact size,
 * tinted, beaten by a background image, setting the default text colour by theme, and kept in a
 * `BackgroundStore` between processes.
 */
import sharp from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import { drawBackground } from '../../lib/backgrounds/render.ts';
import { catalogueStats } from '../../lib/compose/catalogue.ts';
import { type BackgroundStore, compose, layerCache } from '../../lib/compose/index.ts';
import { ctx, desktop, params, pixels } from '../compose/helpers.ts';
import { entry } from './helpers.ts';

/** Largest per-channel difference between the render's and the raw drawing's `size`×`size` corner. */
function cornerDifference(
  render: { data: Buffer; width: number },
  drawn: Buffer,
  width: number,
  size = 50,
): number {
  let worst = 0;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      for (let c = 0; c < 3; c++) {
        const i = (y * width + x) * 4 + c;
        worst = Math.max(worst, Math.abs(render.data[i]! - drawn[i]!));
      }
  return worst;
}

/** An in-memory store, like S3 under `backgrounds/`. */
function memoryStore() {
  const objects = new Map<string, Buffer>();
  const store: BackgroundStore = {
    async get(key) {
      return objects.get(key);
    },
    async put(key, png) {
      objects.set(key, png);
    },
  };
  return { objects, store };
}

async function until(check: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeEach(() => layerCache.clear());

describe('a catalogue background in a render', () => {
  it('is drawn at the render’s exact size: its corner equals drawBackground’s at W×H', async () => {
    const e = entry('studio/charcoal');
    const out = await compose(desktop, params({ device: 'browser-macos', background: e.ref }), ctx);
    expect(out.warnings).toEqual([]);
    const render = await pixels(out.data);
    expect([render.width, render.height]).toEqual([out.width, out.height]);
    const drawn = drawBackground(e, out.width, out.height);
    expect(cornerDifference(render, drawn, out.width)).toBeLessThanOrEqual(1);
    // Also the other corners, away from the device and its shadow.
    const at = (x: number, y: number) => render.at(x, y).slice(0, 3);
    const drawnAt = (x: number, y: number) => {
      const i = (y * out.width + x) * 4;
      return [drawn[i]!, drawn[i + 1]!, drawn[i + 2]!];
    };
    for (const [x, y] of [
      [out.width - 3, 2],
      [2, out.height - 3],
      [out.width - 3, out.height - 3],
    ] as const) {
      const a = at(x, y);
      const b = drawnAt(x, y);
      for (let c = 0; c < 3; c++) expect(Math.abs(a[c]! - b[c]!), `(${x}, ${y})`).toBeLessThanOrEqual(1);
    }
  });

  it('is exact at other output sizes too', async () => {
    const e = entry('mesh/peach-fuzz');
    const out = await compose(
      desktop,
      params({ device: 'browser-macos', background: e.ref, output: { width: 777, height: 555 } }),
      ctx,
    );
    expect([out.width, out.height]).toEqual([777, 555]);
    const render = await pixels(out.data);
    // The padding is 8 % of the short side (44 px here): compare the corner inside it, clear of the shadow.
    expect(cornerDifference(render, drawBackground(e, 777, 555), 777, 20)).toBeLessThanOrEqual(1);
    // A drawing at another size scaled to this one does not match: the render's was drawn at 777×555.
    const scaled = await sharp(drawBackground(e, 1000, 555), {
      raw: { width: 1000, height: 555, channels: 4 },
    })
      .resize(777, 555, { fit: 'fill' })
      .raw()
      .toBuffer();
    expect(cornerDifference(render, scaled, 777, 20)).toBeGreaterThan(1);
  });

  it('is re-coloured by background_tint', async () => {
    const e = entry('studio/charcoal');
    const p = { device: 'browser-macos', background: e.ref, output: { width: 600 } };
    const plain = await compose(desktop, params(p), ctx);
    const tinted = await compose(desktop, params({ ...p, background_tint: ['#ff5a1f'] }), ctx);
    expect(tinted.data.equals(plain.data)).toBe(false);
    const render = await pixels(tinted.data);
    const drawn = drawBackground(e, tinted.width, tinted.height, ['#ff5a1f']);
    expect(cornerDifference(render, drawn, tinted.width, 20)).toBeLessThanOrEqual(1);
    expect(
      cornerDifference(render, drawBackground(e, tinted.width, tinted.height), tinted.width, 20),
    ).toBeGreaterThan(1);
    // A single colour is the same as a one-colour array.
    const single = await compose(desktop, params({ ...p, background_tint: '#ff5a1f' }), ctx);
    expect(single.data.equals(tinted.data)).toBe(true);
  });

  it('loses to background_image_url', async () => {
    const red = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#ff0000' } })
      .png()
      .toBuffer();
    const fetched: string[] = [];
    const out = await compose(
      desktop,
      params({
        device: 'browser-macos',
        background: 'mesh/peach-fuzz',
        background_image_url: 'https://images.example.com/red.png',
        output: { width: 600 },
      }),
      {
        ...ctx,
        fetchImage: async (url) => {
          fetched.push(url);
          return red;
        },
      },
    );
    expect(fetched).toEqual(['https://images.example.com/red.png']);
    const [r, g, b] = (await pixels(out.data)).at(3, 3);
    expect(r).toBeGreaterThan(250);
    expect(g).toBeLessThan(5);
    expect(b).toBeLessThan(5);
  });

  it('sets the default title colour by theme: light text on a dark background, dark on a light one', async () => {
    const titleLuminance = async (ref: string) => {
      const out = await compose(
        desktop,
        params({
          device: 'browser-macos',
          background: ref,
          output: { width: 800 },
          title: 'Ship faster with Lumen',
        }),
        ctx,
      );
      const render = await pixels(out.data);
      const drawn = drawBackground(entry(ref), out.width, out.height);
      // Text pixels: in the band above the device, where the render is far from the bare background.
      let sum = 0;
      let n = 0;
      let bg = 0;
      const lum = (j: Buffer, i: number) => 0.2126 * j[i]! + 0.7152 * j[i + 1]! + 0.0722 * j[i + 2]!;
      for (let y = 0; y < out.height * 0.14; y++)
        for (let x = 0; x < out.width; x++) {
          const i = (y * out.width + x) * 4;
          const d =
            Math.abs(render.data[i]! - drawn[i]!) +
            Math.abs(render.data[i + 1]! - drawn[i + 1]!) +
            Math.abs(render.data[i + 2]! - drawn[i + 2]!);
          if (d > 150) {
            sum += lum(render.data, i);
            bg += lum(drawn, i);
            n++;
          }
        }
      expect(n, `${ref}: title pixels`).toBeGreaterThan(200);
      return { text: sum / n, under: bg / n };
    };
    const dark = await titleLuminance('studio/noir');
    const light = await titleLuminance('mesh/lilac-haze');
    expect(entry('studio/noir').theme).toBe('dark');
    expect(entry('mesh/lilac-haze').theme).toBe('light');
    expect(dark.text).toBeGreaterThan(180);
    expect(dark.text).toBeGreaterThan(dark.under);
    expect(light.text).toBeLessThan(100);
    expect(light.text).toBeLessThan(light.under);
  });
});

describe('BackgroundStore', () => {
  it('keeps the drawing as PNG under backgrounds/, and a new process reads it instead of drawing', async () => {
    const { objects, store } = memoryStore();
    const p = params({ device: 'browser-macos', background: 'glass/prism', output: { width: 640 } });
    const drawn0 = catalogueStats.drawn;
    const first = await compose(desktop, p, { ...ctx, backgrounds: store });
    expect(catalogueStats.drawn).toBe(drawn0 + 1);
    await until(() => objects.size > 0);
    expect(objects.size).toBe(1);
    const [key, png] = [...objects.entries()][0]!;
    expect(key).toMatch(/^backgrounds\/glass\/prism\/[0-9a-f]{16}-\d+x\d+\.png$/);
    expect(key).toContain(`-${first.width}x${first.height}.png`);
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', first.width, first.height]);

    // A warm process: the layer cache answers, the store is not read.
    const fromStore0 = catalogueStats.fromStore;
    const warm = await compose(desktop, p, { ...ctx, backgrounds: store });
    expect(catalogueStats.fromStore).toBe(fromStore0);
    expect(warm.data.equals(first.data)).toBe(true);

    // A new process (empty layer cache): read from the store, not drawn, same output.
    layerCache.clear();
    const drawn1 = catalogueStats.drawn;
    const second = await compose(desktop, p, { ...ctx, backgrounds: store });
    expect(catalogueStats.fromStore).toBe(fromStore0 + 1);
    expect(catalogueStats.drawn).toBe(drawn1);
    expect(second.data.equals(first.data)).toBe(true);
    expect(objects.size).toBe(1);

    // A tint or another size is another object.
    await compose(desktop, params({ ...p, background_tint: ['#16a34a'] }), { ...ctx, backgrounds: store });
    await compose(desktop, params({ ...p, output: { width: 500 } }), { ...ctx, backgrounds: store });
    await until(() => objects.size === 3);
    expect(new Set(objects.keys()).size).toBe(3);
  });

  it('draws again when the store fails or holds something unreadable', async () => {
    const p = params({ device: 'browser-macos', background: 'studio/jade', output: { width: 480 } });
    const reference = await compose(desktop, p, ctx);
    layerCache.clear();
    const errors0 = catalogueStats.storeErrors;
    const broken: BackgroundStore = {
      get: async () => {
        throw new Error('S3 is down');
      },
      put: async () => {
        throw new Error('S3 is down');
      },
    };
    const out = await compose(desktop, p, { ...ctx, backgrounds: broken });
    expect(out.data.equals(reference.data)).toBe(true);
    await until(() => catalogueStats.storeErrors >= errors0 + 2);

    layerCache.clear();
    const garbage: BackgroundStore = { get: async () => Buffer.from('not a png'), put: async () => {} };
    const again = await compose(desktop, p, { ...ctx, backgrounds: garbage });
    expect(again.data.equals(reference.data)).toBe(true);
  });
});
