/**
 * `/docs` is a reference for a self-hosted API: Scalar is configured without its cloud controls
 * (AI agent, MCP generator, "open in client", developer tools with Deploy), without web fonts
 * from a CDN, and a real Chromium that loads the page shows the operations and their examples,
 * none of those controls, and makes no request outside the deployment.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import { resolveChromium } from '../../lib/capture/chromium.ts';
import { launchChromium } from '../../lib/capture/sandbox.ts';
import { call, testDeps } from '../helpers/stack.ts';

const app = buildApp(testDeps());
const ORIGIN = 'http://frameshot.test';

describe('GET /docs', () => {
  it('configures the reference without cloud-only controls or CDN fonts', async () => {
    const page = await call(app, 'GET', '/docs');
    expect(page.status).toBe(200);
    for (const setting of [
      '"hideClientButton": true',
      '"showDeveloperTools": "never"',
      '"telemetry": false',
      '"withDefaultFonts": false',
      '<script src="/docs/scalar.js">',
    ]) {
      expect(page.text).toContain(setting);
    }
    expect(page.text).toMatch(/"agent": \{\s*"disabled": true\s*\}/);
    expect(page.text).toMatch(/"mcp": \{\s*"disabled": true\s*\}/);
    expect(page.text).not.toMatch(/cdn\.jsdelivr|fonts\.(googleapis|scalar)\.com/);
  });

  describe('in Chromium', () => {
    let browser: Browser;
    let workDir: string;

    beforeAll(async () => {
      workDir = await mkdtemp(join(tmpdir(), 'frameshot-docs-'));
      ({ browser } = await launchChromium(
        await resolveChromium(process.env.FRAMESHOT_CHROMIUM_PATH),
        workDir,
        'auto',
        [],
      ));
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await rm(workDir, { recursive: true, force: true });
    });

    it('shows the operations and their examples, and nothing that needs Scalar’s cloud', async () => {
      const page = await browser.newPage();
      await page.setViewport({ width: 1440, height: 1000 });
      const outside: string[] = [];
      await page.setRequestInterception(true);
      // The page is served by the in-process app; anything else it asks for would leave the deployment.
      page.on('request', async (request) => {
        if (!request.url().startsWith(ORIGIN)) {
          if (!request.url().startsWith('data:')) outside.push(request.url());
          return request.abort();
        }
        const res = await app.request(request.url().slice(ORIGIN.length), { method: request.method() });
        await request.respond({
          status: res.status,
          headers: Object.fromEntries(res.headers),
          body: Buffer.from(await res.arrayBuffer()),
        });
      });
      await page.goto(`${ORIGIN}/docs#tag/captures/POST/v1/capture`, { waitUntil: 'networkidle0' });
      await page.waitForFunction(() => document.body.textContent?.includes('createCapture'), {
        timeout: 30_000,
      });
      // biome-ignore lint/performance/useDomNodeTextContent: what shows, not what the DOM holds hidden.
      const text = await page.evaluate(() => document.body.innerText);
      expect(text).toContain('Capture and style a page');
      expect(text).toContain('cap_01JDQ8ZQ3V7K2M5N8P4R6T9W0X');
      for (const control of [
        'Ask AI',
        'Generate MCP',
        'Deploy',
        'Open API Client',
        'Developer Tools',
        'Scalar',
      ]) {
        expect(text).not.toContain(control);
      }
      expect(outside).toEqual([]);
      await page.close();
    }, 60_000);
  });
});
