/**
 * A device frame that does not show the page (the phone, the tablet, the laptop) is the same for
 * every page, so its layers are drawn once and cached; a browser window shows the page's host
 * and title, so its frame is the page's own — its chrome drawn once, the page's text over a copy.
 */
import { describe, expect, it } from 'vitest';
import { layerCache } from '../../lib/compose/cache.ts';
import { DEVICE_FRAMES, frameOptions } from '../../lib/compose/devices/index.ts';
import { compose } from '../../lib/compose/index.ts';
import { frameKey } from '../../lib/compose/subject.ts';
import { DEVICES } from '../../lib/schemas/capture.ts';
import { desktop, params } from './helpers.ts';

const pageA = { url: 'https://lumen.app/pricing', title: 'Pricing — Lumen' };
const pageB = { url: 'https://docs.example.org/start', title: 'Getting started' };

describe('a device frame and the page in it', () => {
  it.each(DEVICES)('%s: the frame key depends on the page only if the frame shows it', (device) => {
    const { viewport } = DEVICE_FRAMES[device];
    const p = params({ device });
    const css = { width: viewport.width, height: viewport.height };
    const same = frameKey(p, css, pageA, 1) === frameKey(p, css, pageB, 1);
    expect(same).toBe(!DEVICE_FRAMES[device].showsPage);
  });

  it('gives browser windows the host and title, and the other frames neither', () => {
    expect(frameOptions('browser-macos', undefined, { width: 1440, height: 900 }, pageA)).toMatchObject({
      host: 'lumen.app',
      title: 'Pricing — Lumen',
    });
    expect(frameOptions('iphone-16-pro', undefined, { width: 402, height: 874 }, pageA)).toMatchObject({
      host: '',
      title: '',
    });
    expect(DEVICES.filter((d) => DEVICE_FRAMES[d].showsPage)).toEqual(['browser-macos', 'browser-windows']);
  });
});

describe('a browser window on a new page', () => {
  it.each(['browser-macos', 'browser-windows'] as const)(
    '%s draws its chrome once: a new page draws only its host, title and padlock',
    async (device) => {
      const built: string[] = [];
      const get = layerCache.get.bind(layerCache);
      layerCache.get = (key, build, sizeOf) =>
        get(
          key,
          () => {
            built.push(key.slice(0, key.indexOf(':')));
            return build();
          },
          sizeOf,
        );
      try {
        // A size no other test uses, so the first page finds nothing cached.
        const p = params({ device, output: { width: 1100, height: 830 } });
        await compose(desktop, p, { pageUrl: pageA.url, pageTitle: pageA.title });
        await compose(desktop, p, { pageUrl: pageB.url, pageTitle: pageB.title });
      } finally {
        layerCache.get = get;
      }
      // The window without text once; each page's frame (the chrome and its text) once.
      expect(built.filter((k) => k === 'chrome')).toEqual(['chrome']);
      expect(built.filter((k) => k === 'frame')).toEqual(['frame', 'frame']);
    },
  );

  it('redraws only its own text: background and shadows come from the cache', async () => {
    const keys = new Set<string>();
    const get = layerCache.get.bind(layerCache);
    layerCache.get = (key, build, sizeOf) => {
      if (key.startsWith('static:')) keys.add(key);
      return get(key, build, sizeOf);
    };
    try {
      const p = params({ device: 'browser-macos', output: { width: 1200, height: 900 } });
      await compose(desktop, p, { pageUrl: pageA.url, pageTitle: pageA.title });
      await compose(desktop, p, { pageUrl: pageB.url, pageTitle: pageB.title });
    } finally {
      layerCache.get = get;
    }
    expect(keys.size).toBe(1);
  });
});
