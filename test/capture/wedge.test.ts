/**
 * A wedged browser: alive and connected, answering nothing. Seen after a full-page capture at
 * 3840 px and DPR 3 of a page that grows forever: Chromium's UI thread sat behind the raster for
 * up to a minute, every later capture got 422 "Target.createBrowserContext timed out", and
 * `/ready` said the browser was fine. Such a browser is replaced, not waited on.
 *
 * Most tests freeze the browser process with SIGSTOP: the same symptom (the protocol pipe open,
 * no answer), but certain and for as long as the test needs. One wedges it the real way.
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProtocolError } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import { PROBE_MS } from '../../lib/capture/browser.ts';
import { captureError, outOfTime } from '../../lib/capture/failures.ts';
import { type BrowserPool, capture } from '../../lib/capture/index.ts';
import { groupMembers } from '../../lib/capture/processes.ts';
import { CaptureFailed, Unavailable } from '../../lib/errors.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { call, captureDeps } from '../helpers/stack.ts';
import { params, startTestPool, type TestPool } from './helpers.ts';

let fx: FixtureServer;
beforeAll(async () => {
  fx = await startFixtureServer();
});
afterAll(() => fx?.close());

const open = { allowPrivateTargets: true, timeoutMs: 20_000 };
const page = (path = '/basic.html') =>
  params({ url: `${fx.origin}${path}`, viewport: { width: 800, height: 600 }, capture_dpr: 1 });

/** Stops the browser process (not its helpers): the pipe stays open and nothing answers. */
async function freezeBrowser(pool: BrowserPool): Promise<number> {
  const { pid } = await pool.stats();
  if (!pid || pid <= 0) throw new Error('no browser is running');
  process.kill(pid, 'SIGSTOP');
  return pid;
}

/** Milliseconds `fn` takes, with its result. */
async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = Date.now();
  const value = await fn();
  return { ms: Date.now() - start, value };
}

/** Renderer processes of a browser's process group. */
async function renderers(pid: number): Promise<number[]> {
  const members = await groupMembers(pid);
  const cmdlines = await Promise.all(
    members.map((p) => readFile(`/proc/${p}/cmdline`, 'utf8').catch(() => '')),
  );
  return members.filter((_, i) => cmdlines[i]!.includes('--type=renderer'));
}

async function eventually(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

describe('a browser that stops answering', () => {
  it('fails /ready within the probe deadline, is replaced, and the next capture succeeds within one launch', async () => {
    const deps = captureDeps();
    const app = buildApp(deps);
    try {
      const launch = await timed(() => deps.browser.warm());
      const cold = await timed(() => capture(deps.browser, page(), open));
      expect((await call(app, 'GET', '/ready')).json.checks.browser.ok).toBe(true);

      const old = await freezeBrowser(deps.browser);
      const ready = await timed(() => call(app, 'GET', '/ready'));
      expect(ready.value.status).toBe(503);
      expect(ready.value.json.error.checks.browser).toMatchObject({ ok: false });
      expect(ready.ms).toBeLessThan(PROBE_MS + 2000);

      const next = await timed(() => capture(deps.browser, page(), open));
      expect(next.value.page.status).toBe(200);
      // One launch and one capture, give or take: nothing waits for the frozen browser.
      expect(next.ms, `launch ${launch.ms} ms, capture ${cold.ms} ms`).toBeLessThan(
        2 * (launch.ms + cold.ms) + 2000,
      );
      const stats = await deps.browser.stats();
      expect(stats).toMatchObject({ launches: 2, contexts: 0 });
      expect(stats.pid).not.toBe(old);
      expect(await eventually(async () => (await groupMembers(old)).length === 0, 5000)).toBe(true);
      expect((await call(app, 'GET', '/ready')).json.checks.browser.ok).toBe(true);
    } finally {
      await deps.browser.close();
    }
  });

  it('moves a capture that cannot get a context to a new browser; the capture stuck on the old one fails with 503', async () => {
    const tp = await startTestPool();
    try {
      await capture(tp.pool, page(), open);
      fx.clear();
      const stuck = capture(tp.pool, page('/slow?ms=2000&page=basic.html'), open).catch((e: unknown) => e);
      expect(await eventually(async () => fx.requests('/slow').length > 0, 10_000)).toBe(true);
      const old = await freezeBrowser(tp.pool);

      const next = await timed(() => capture(tp.pool, page(), open));
      expect(next.value.page.status).toBe(200);
      // The context deadline (5 s), the probe, a launch: well under the 60 s protocol timeout.
      expect(next.ms).toBeLessThan(15_000);
      const err = await stuck;
      expect(err).toBeInstanceOf(Unavailable);
      expect((err as Unavailable).extra).toEqual({ service: 'browser' });
      expect((await tp.pool.stats()).launches).toBe(2);
      expect(await eventually(async () => (await groupMembers(old)).length === 0, 5000)).toBe(true);
    } finally {
      await tp.close();
    }
  });

  it('recovers from a page that wedges it (full page, 3840 px wide, DPR 3, growing forever)', async () => {
    const site = await serve(GROWS_FOREVER);
    const tp = await startTestPool();
    try {
      const cold = await timed(() => capture(tp.pool, page(), open));
      const heavy = params({
        url: site.url,
        viewport: { width: 3840, height: 2160 },
        capture_dpr: 3,
        full_page: true,
      });
      const err = await capture(tp.pool, heavy, { ...open, timeoutMs: 6000 }).catch((e: unknown) => e);
      // The page that did it is told it is too heavy: that one is the page's fault.
      expect(err).toBeInstanceOf(CaptureFailed);

      const next = await timed(() => capture(tp.pool, page(), open));
      expect(next.value.page.status).toBe(200);
      // Without the probe the next capture waited out the wedge (measured 5–65 s), or got a 422.
      expect(next.ms, `cold capture ${cold.ms} ms`).toBeLessThan(2 * cold.ms + 3000);
    } finally {
      await tp.close();
      await site.close();
    }
  });
});

describe('a capture that times out', () => {
  let tp: TestPool;
  beforeAll(async () => {
    tp = await startTestPool();
  });
  afterAll(() => tp?.close());

  it('ends its renderer, and a renderer stuck in a loop costs one capture, not the browser', async () => {
    await capture(tp.pool, page(), open);
    const { pid } = await tp.pool.stats();
    const before = await renderers(pid!);
    const err = await capture(tp.pool, page('/hang.html'), { ...open, timeoutMs: 3000 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CaptureFailed);
    const settled = await eventually(async () => (await renderers(pid!)).length <= before.length, 5000);
    expect(settled, `renderers before ${before}, now ${await renderers(pid!)}`).toBe(true);
    expect(await tp.pool.stats()).toMatchObject({ pid, launches: 1, contexts: 0 });
  });
});

describe('blame', () => {
  const failure = { browserConnected: true, pageCrashed: false, stage: 'context' };

  it('reports a protocol call without answer as the browser unavailable (503), not the page (422)', () => {
    const err = new ProtocolError(
      "Target.createBrowserContext timed out. Increase the 'protocolTimeout' setting in launch/connect calls for a higher timeout if needed.",
    );
    const error = captureError(err, failure);
    expect(error).toBeInstanceOf(Unavailable);
    expect(error.message).toContain('Target.createBrowserContext timed out');
    expect(error.message).not.toContain('protocolTimeout');
  });

  it('blames the browser for running out of time before the page loaded, the page after', () => {
    expect(outOfTime('setup', 5000)).toBeInstanceOf(Unavailable);
    expect(outOfTime('navigate', 5000)).toMatchObject({ reason: 'navigation_timeout' });
    expect(outOfTime('screenshot', 5000)).toMatchObject({ reason: 'render_failed' });
  });
});

/**
 * Adds tall, blurred, shadowed blocks on every frame: the document never stops growing, and each
 * block is costly to raster at DPR 3 on a software GPU.
 */
const GROWS_FOREVER = `<!doctype html><html><body style="margin:0"><script>
let n = 0;
function grow() {
  for (let i = 0; i < 20; i++) {
    const block = document.createElement('div');
    block.style.cssText = 'height:400px;border-radius:30px;box-shadow:0 0 40px #000;filter:blur(12px);' +
      'background:linear-gradient(hsl(' + (n++ % 360) + ',80%,50%),#fff)';
    block.textContent = 'block ' + n;
    document.body.append(block);
  }
  requestAnimationFrame(grow);
}
grow();
</script></body></html>`;

/** One page on 127.0.0.1 (the fixture server serves files; this page is only this test's). */
async function serve(html: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
