/**
 * @module bench/engines
 * What the benchmark times, each as `shoot(url) → image size`: Frameshot over HTTP (`/v1/raw`,
 * `/v1/capture` with a device frame), the floor (bare puppeteer-core in a warm browser) and the
 * peers (`@browserless/screenshot` via `browserless`, `capture-website`), all on the same Chromium
 * binary (`resolveChromium`, as Frameshot's pool launches it) with the same viewport.
 */
import createBrowser from 'browserless';
import captureWebsite from 'capture-website';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { type ChromiumBinary, resolveChromium } from '../lib/capture/chromium.ts';
import { apiCall, type Frameshot } from './frameshot.ts';

export interface Viewport {
  width: number;
  height: number;
  dpr: number;
  /** Mobile and touch emulation and a user agent, as a device preset sets them. */
  mobile?: boolean;
  userAgent?: string;
}

export interface ShotOptions {
  fullPage?: boolean;
}

export interface Shot {
  width: number;
  height: number;
  /** Frameshot's `Server-Timing` stages of this shot, ms. */
  stages?: Record<string, number>;
}

export interface Engine {
  /** Stable id used in the results JSON. */
  id: string;
  label: string;
  shoot(url: string, options?: ShotOptions): Promise<Shot>;
  close(): Promise<void>;
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Uint8Array): Shot {
  const view = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (view.toString('latin1', 1, 4) !== 'PNG') throw new Error('not a PNG');
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

export const chromiumBinary = async (): Promise<ChromiumBinary> => {
  const binary = await resolveChromium(process.env.FRAMESHOT_CHROMIUM_PATH);
  // The peers launch Chromium themselves, without Frameshot's sandbox plan (capture/sandbox.ts):
  // as root Chromium refuses to start unless told not to sandbox, as containers usually run it.
  const asRoot = process.getuid?.() === 0;
  return asRoot ? { ...binary, args: [...binary.args, '--no-sandbox'] } : binary;
};

/** `/v1/raw` or `/v1/capture` over HTTP; a new render every time (`fresh`), unless `cached`. */
export function frameshotEngine(
  fs: Frameshot,
  kind: 'raw' | 'capture',
  viewport: Viewport,
  extra: Record<string, unknown> = {},
): Engine {
  return {
    id: kind === 'raw' ? 'frameshot_raw' : 'frameshot_capture',
    label: kind === 'raw' ? 'Frameshot /v1/raw' : 'Frameshot /v1/capture (frame)',
    async shoot(url, options = {}) {
      const body = {
        url,
        viewport: { width: viewport.width, height: viewport.height },
        capture_dpr: viewport.dpr,
        output: { format: 'png' },
        fresh: true,
        ...(options.fullPage ? { full_page: true } : {}),
        ...extra,
      };
      const res = await apiCall(fs, `/v1/${kind}`, body);
      if (res.status !== 201)
        throw new Error(`HTTP ${res.status}: ${JSON.stringify(res.json?.error ?? res.json)}`);
      return { width: res.json.width, height: res.json.height, stages: res.stages };
    },
    close: async () => {},
  };
}

/** A bare puppeteer-core browser on `binary`, its switches and nothing else (the floor's). */
export const launchBare = (binary: ChromiumBinary): Promise<Browser> =>
  puppeteer.launch({
    executablePath: binary.path,
    headless: binary.headless,
    args: binary.args,
    pipe: true,
    defaultViewport: null,
  });

/** The floor: a warm browser, a new page per shot, `goto` until `load`, a PNG screenshot. */
export async function floorEngine(binary: ChromiumBinary, viewport: Viewport): Promise<Engine> {
  const browser = await launchBare(binary);
  return {
    id: 'floor',
    label: 'floor: puppeteer-core goto+screenshot',
    async shoot(url, options = {}) {
      const page = await browser.newPage();
      try {
        await emulate(page, viewport);
        await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
        return pngSize(await page.screenshot({ type: 'png', fullPage: options.fullPage ?? false }));
      } finally {
        await page.close();
      }
    },
    close: () => browser.close(),
  };
}

/** The floor's emulation: viewport, pixel ratio and, for a mobile preset, touch and its user agent. */
export async function emulate(page: Page, viewport: Viewport): Promise<void> {
  if (viewport.userAgent) await page.setUserAgent({ userAgent: viewport.userAgent });
  await page.setViewport({
    width: viewport.width,
    height: viewport.height,
    deviceScaleFactor: viewport.dpr,
    isMobile: viewport.mobile ?? false,
    hasTouch: viewport.mobile ?? false,
  });
}

/** `@browserless/screenshot` through `browserless`: one warm browser and one context, its defaults. */
export async function browserlessEngine(binary: ChromiumBinary, viewport: Viewport): Promise<Engine> {
  const factory = createBrowser({
    executablePath: binary.path,
    headless: binary.headless,
    args: binary.args,
    timeout: 30_000,
  });
  const context = await factory.createContext({ retry: 0 });
  return {
    id: 'browserless',
    label: '@browserless/screenshot',
    async shoot(url, options = {}) {
      const png = await context.screenshot(url, {
        type: 'png',
        fullPage: options.fullPage ?? false,
        viewport: { width: viewport.width, height: viewport.height, deviceScaleFactor: viewport.dpr },
      });
      return pngSize(png);
    },
    close: async () => {
      await context.destroyContext();
      await factory.close();
    },
  };
}

/**
 * `capture-website` as documented: one call per shot, which launches and closes a browser each
 * time. `blockAds: false` because its ad blocker downloads filter lists from the internet.
 */
export function captureWebsiteEngine(binary: ChromiumBinary, viewport: Viewport): Engine {
  return {
    id: 'capture_website',
    label: 'capture-website (browser per call)',
    async shoot(url, options = {}) {
      const png = await captureWebsite.buffer(url, {
        width: viewport.width,
        height: viewport.height,
        scaleFactor: viewport.dpr,
        type: 'png',
        fullPage: options.fullPage ?? false,
        blockAds: false,
        timeout: 30,
        launchOptions: {
          executablePath: binary.path,
          headless: binary.headless,
          args: binary.args,
          pipe: true,
        },
      });
      return pngSize(png);
    },
    close: async () => {},
  };
}

/**
 * `capture-website` given a warm browser (its `_browser` / `_keepAlive` options, undocumented but
 * exported): what it costs without the launch.
 */
export async function captureWebsiteWarmEngine(binary: ChromiumBinary, viewport: Viewport): Promise<Engine> {
  const browser = await puppeteer.launch({
    executablePath: binary.path,
    headless: binary.headless,
    args: binary.args,
    pipe: true,
  });
  const engine = captureWebsiteEngine(binary, viewport);
  return {
    id: 'capture_website_warm',
    label: 'capture-website (warm browser)',
    async shoot(url, options = {}) {
      const png = await captureWebsite.buffer(url, {
        width: viewport.width,
        height: viewport.height,
        scaleFactor: viewport.dpr,
        type: 'png',
        fullPage: options.fullPage ?? false,
        blockAds: false,
        timeout: 30,
        ...({ _browser: browser, _keepAlive: true } as object),
      });
      return pngSize(png);
    },
    close: async () => {
      await engine.close();
      await browser.close();
    },
  };
}
