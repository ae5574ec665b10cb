/**
 * The playground in a real Chromium against the API on a real port: a person pastes a key, picks
 * a page, a device and a background, captures, and sees the render; the copied curl command runs
 * for real and answers the same render from the cache; the signed <img> URL signed in the browser
 * loads as an image; an error shows its code, field and request id.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import { resolveChromium } from '../../lib/capture/chromium.ts';
import { launchChromium } from '../../lib/capture/sandbox.ts';
import type { Deps } from '../../lib/deps.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { call, captureDeps, createTestAccount, type TestApp } from '../helpers/stack.ts';

const run = promisify(execFile);

describe('GET /playground', () => {
  let deps: Deps;
  let app: TestApp | undefined;
  let server: http.Server;
  let origin: string;
  let site: FixtureServer;
  let browser: Browser;
  let workDir: string;

  beforeAll(async () => {
    // Render links and thumbnails must point at this server for the page to load them.
    server = serve({ fetch: (req) => app!.fetch(req), port: 0, hostname: '127.0.0.1' }) as http.Server;
    await new Promise((r) => server.once('listening', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const base = captureDeps();
    deps = {
      ...base,
      config: { ...base.config, publicBaseUrl: origin },
      links: { ...base.links, base: origin },
    };
    app = buildApp(deps);
    site = await startFixtureServer();
    workDir = await mkdtemp(join(tmpdir(), 'frameshot-playground-'));
    ({ browser } = await launchChromium(
      await resolveChromium(process.env.FRAMESHOT_CHROMIUM_PATH),
      workDir,
      'auto',
      [],
    ));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await deps?.browser.close();
    await new Promise((r) => server?.close(r));
    await site?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('serves the page, its script and its stylesheet from this deployment only', async () => {
    const page = await call(app!, 'GET', '/playground');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(page.text).toContain('<script type="module" src="/playground/app.js">');
    expect(page.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    const script = await call(app!, 'GET', '/playground/app.js');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script.text).not.toContain('innerHTML');
    expect((await call(app!, 'GET', '/playground/style.css')).headers.get('content-type')).toMatch(
      /^text\/css/,
    );
  });

  it('captures with the controls, and its curl command and signed URL give the same render', async () => {
    const { apiKey } = await createTestAccount(deps, { credits: 100 });
    const project = await call(app!, 'POST', '/v1/projects', { key: apiKey, body: { name: 'Newsletter' } });
    expect(project.status).toBe(201);

    await browser.defaultBrowserContext().overridePermissions(origin, ['clipboard-read', 'clipboard-write']);
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(`${origin}/playground`, { waitUntil: 'networkidle0' });
    await page.type('#api-key', apiKey);

    // An invalid parameter shows the envelope: code, field and request id; nothing is captured.
    await page.select('#width', '800');
    await page.select('#format', 'jpg');
    await page.click('[data-panel="plain"]');
    await page.click('#plain .swatch[aria-label="Transparent"]');
    await page.click('#capture');
    await page.waitForSelector('#error:not([hidden])');
    const error = await page.$eval('#error', (e) => e.textContent ?? '');
    expect(error).toContain('invalid_params');
    expect(error).toMatch(/Request id\s+\S+/);

    await page.select('#format', 'webp');
    await page.$eval('#url', (input) => {
      (input as HTMLInputElement).value = '';
    });
    await page.type('#url', `${site.origin}/basic.html`);
    await page.click('[data-device="iphone-16-pro"]');
    await page.click('[data-panel="presets"]');
    await page.waitForSelector('#presets .swatch[aria-label="sunset"]');
    await page.click('#presets .swatch[aria-label="sunset"]');
    await page.select('#shadow', 'float');
    await page.select('#perspective', 'tilt-left');
    await page.type('#title', 'Ship it');
    await page.click('#capture');

    await page.waitForFunction(
      () => {
        const img = document.querySelector<HTMLImageElement>('#render');
        return img && !img.hidden && img.complete && img.naturalWidth > 0;
      },
      { timeout: 60_000 },
    );
    const shown = await page.evaluate(() => {
      const img = document.querySelector<HTMLImageElement>('#render')!;
      const meta = Object.fromEntries(
        [...document.querySelectorAll('#meta div')].map((d) => [
          d.querySelector('dt')!.textContent,
          d.querySelector('dd')!.textContent,
        ]),
      );
      return {
        width: img.naturalWidth,
        height: img.naturalHeight,
        meta,
        error: document.querySelector('#error')!.hasAttribute('hidden'),
      };
    });
    expect(shown.error).toBe(true);
    expect(shown.width).toBe(800);
    expect(shown.meta.Size).toBe(`${shown.width} × ${shown.height}`);
    expect(shown.meta.Format).toBe('webp');
    expect(shown.meta.Cached).toBe('no');

    await page.click('#copy-curl');
    const curl = await page.$eval('#snippet', (e) => e.textContent ?? '');
    expect(curl).toMatch(/^curl -s -X POST/);
    await mkdir('gallery', { recursive: true });
    await page.evaluate(() => {
      // Headless Chromium has no clipboard: the page fell back to selecting the text. Tidy for the picture.
      getSelection()?.removeAllRanges();
      document.querySelector<HTMLElement>('#toast')!.hidden = true;
      document.querySelector('.controls')!.scrollTop = 0;
    });
    await page.screenshot({ path: 'gallery/playground.png' });

    const { stdout } = await run('bash', ['-c', curl], {
      env: { ...process.env, FRAMESHOT_API_KEY: apiKey },
    });
    const again = JSON.parse(stdout);
    expect(again).toMatchObject({
      id: shown.meta.Id,
      cached: true,
      credits_used: 0,
      width: shown.width,
      height: shown.height,
      format: 'webp',
    });

    await page.click('#copy-sdk');
    const sdk = await page.$eval('#snippet', (e) => e.textContent ?? '');
    expect(sdk).toContain("import { Frameshot } from '@frameshot/sdk';");
    expect(sdk).toContain('await client.capture({');
    expect(sdk).toContain(`device: "iphone-16-pro"`);

    // Motion adds an animation; with webp picked the request leaves the format to the default.
    await page.select('#motion', 'scroll-short');
    await page.click('#copy-curl');
    const animated = await page.$eval('#snippet', (e) => e.textContent ?? '');
    expect(animated).toContain('"animation":{"type":"scroll","duration_ms":3000,"fps":10}');
    expect(animated).not.toContain('"format"');
    await page.select('#format', 'gif');
    await page.click('#copy-curl');
    expect(await page.$eval('#snippet', (e) => e.textContent ?? '')).toContain('"format":"gif"');
    await page.select('#motion', 'none');
    await page.select('#format', 'webp');
    await page.click('#copy-sdk');

    await page.click('#copy-signed');
    await page.waitForFunction(
      (base) => document.querySelector('#snippet')!.textContent!.startsWith(`${base}/v1/capture?`),
      {},
      origin,
    );
    const signed = await page.$eval('#snippet', (e) => e.textContent ?? '');
    expect(signed).toContain(`project_id=${project.json.id}`);
    const loaded = await loadImage(page, signed);
    expect(loaded).toEqual({ width: shown.width, height: shown.height });
    expect(pageErrors).toEqual([]);

    // The layout holds on a phone too (looked at, not measured).
    await page.setViewport({ width: 390, height: 844 });
    await page.screenshot({ path: 'gallery/playground-narrow.png', fullPage: true });
    await page.setViewport({ width: 1280, height: 800 });
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    await page.screenshot({ path: 'gallery/playground-dark.png' });
    await page.close();
  }, 150_000);

  it('says so when the key lacks the projects scope', async () => {
    const { apiKey } = await createTestAccount(deps, { credits: 0, scopes: ['capture'] });
    const page = await browser.newPage();
    await page.goto(`${origin}/playground`, { waitUntil: 'networkidle0' });
    await page.type('#api-key', apiKey);
    await page.click('#copy-signed');
    await page.waitForFunction(() =>
      /projects scope/.test(document.querySelector('#snippet-note')!.textContent!),
    );
  });
});

/** Loads a URL as an image in the page: its natural size, or the failure. */
function loadImage(page: Page, src: string) {
  return page.evaluate(
    (src) =>
      new Promise<{ width: number; height: number } | string>((resolve) => {
        const img = new Image();
        img.onload = () => resolve({ width: img.naturalWidth, height: img.naturalHeight });
        img.onerror = () => resolve('did not load');
        img.src = src;
      }),
    src,
  );
}
