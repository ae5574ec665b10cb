/**
 * `html` input (§14) through the API: a whole document instead of `url` on both routes, relative
 * links from `base_url`, exactly one of `url`/`html`, the 2 MiB cap, renders cached by the
 * document's content, and async jobs that keep the document in S3 rather than in the job record.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import { documentKey } from '../../lib/blobs/documents.ts';
import type { Deps } from '../../lib/deps.ts';
import { startLocalWorkers } from '../../lib/local/workers.ts';
import { getJob } from '../../lib/store/jobs.ts';
import { privateQueues } from '../faults/services.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { balanceAndLedger, call, captureDeps, createTestAccount, type TestApp } from '../helpers/stack.ts';

let deps: Deps;
let app: TestApp;
let site: FixtureServer;
let workers: { stop(): Promise<void> };

beforeAll(async () => {
  // Queues of its own, so other files' workers never take this file's jobs.
  deps = captureDeps(await privateQueues(`html-${process.pid}`));
  app = buildApp(deps);
  site = await startFixtureServer();
  workers = startLocalWorkers(deps, { waitSeconds: 1 });
});

afterAll(async () => {
  await workers.stop();
  await deps.browser.close();
  await site.close();
});

/** A red page whose top-left is a blue image from a relative URL (`../img` from /docs/ is /img). */
const page = (marker: string) => `<!doctype html><html><head><title>${marker}</title>
<style>body{margin:0;background:#ff0000} img{display:block}</style></head>
<body><img src="../img?color=0000ff&w=200&h=100" width="200" height="100"></body></html>`;

async function download(url: string): Promise<Buffer> {
  const { pathname, search } = new URL(url);
  const redirect = await app.request(pathname + search);
  return Buffer.from(await (await fetch(redirect.headers.get('location')!)).arrayBuffer());
}

async function pixel(png: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * 3;
  return [data[i]!, data[i + 1]!, data[i + 2]!];
}

const raw = (html: string, extra: Record<string, unknown> = {}) => ({
  html,
  base_url: `${site.origin}/docs/`,
  viewport: { width: 400, height: 300 },
  capture_dpr: 1,
  ...extra,
});

describe('html input', () => {
  it('captures a document sent in the body, its relative links loaded from base_url', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { credits: 10 });
    site.clear();
    const res = await call(app, 'POST', '/v1/raw', { key: apiKey, body: raw(page('raw')) });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      width: 400,
      height: 300,
      format: 'png',
      cached: false,
      credits_used: 1,
    });
    const png = await download(res.json.url);
    expect(await pixel(png, 50, 50)).toEqual([0, 0, 255]);
    expect(await pixel(png, 300, 200)).toEqual([255, 0, 0]);
    // The image came from base_url's directory; the document itself was never fetched.
    expect(site.requests('/img')).toHaveLength(1);
    expect(site.requests('/docs/').filter((r) => r.path === '/docs/')).toEqual([]);
    expect((await balanceAndLedger(deps, accountId)).balance).toBe(9);
  });

  it('styles a document on /v1/capture, and caches renders by the document, not its address', async () => {
    const { apiKey } = await createTestAccount(deps, { credits: 20 });
    const body = { ...raw(page('styled')), device: 'browser-macos', output: { width: 800, height: 600 } };
    const first = await call(app, 'POST', '/v1/capture', { key: apiKey, body });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ width: 800, height: 600, cached: false, credits_used: 3 });
    const again = await call(app, 'POST', '/v1/capture', { key: apiKey, body });
    expect(again.json).toMatchObject({ id: first.json.id, cached: true, credits_used: 0 });
    const changed = await call(app, 'POST', '/v1/capture', {
      key: apiKey,
      body: { ...body, html: page('styled, edited') },
    });
    expect(changed.json).toMatchObject({ cached: false, credits_used: 3 });
    expect(changed.json.id).not.toBe(first.json.id);
  });

  it('echoes the document size, not the document, in resolved_params', async () => {
    const { apiKey } = await createTestAccount(deps, { credits: 10 });
    const html = page('resolved');
    const res = await call(app, 'POST', '/v1/raw', {
      key: apiKey,
      body: { ...raw(html), show_resolved_params: true },
    });
    expect(res.json.resolved_params).toMatchObject({
      html_bytes: Buffer.byteLength(html),
      url: `${site.origin}/docs/`,
    });
    expect(res.json.resolved_params.html).toBeUndefined();
  });

  it('runs as a job with the document kept in S3, not in the job record', async () => {
    const { apiKey } = await createTestAccount(deps, { credits: 10 });
    const html = page(`async ${Date.now()}`);
    const accepted = await call(app, 'POST', '/v1/raw', { key: apiKey, body: { ...raw(html), async: true } });
    expect(accepted.status).toBe(202);
    const stored = await getJob(deps.table, accepted.json.job_id);
    expect(stored!.plan.params.html).toBeUndefined();
    expect(stored!.plan.documentKey).toBe(documentKey(html));
    let job = stored!;
    for (let i = 0; i < 300 && job.status === 'pending'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      job = (await getJob(deps.table, job.id))!;
    }
    expect(job).toMatchObject({ status: 'completed', error: null });
    expect(await pixel(await download(job.result!.url), 50, 50)).toEqual([0, 0, 255]);
  });
});

describe('html input refused, with nothing charged', () => {
  const refused = async (path: string, body: Record<string, unknown>) => {
    const { apiKey, accountId } = await createTestAccount(deps, { credits: 10 });
    const res = await call(app, 'POST', path, { key: apiKey, body });
    expect((await balanceAndLedger(deps, accountId)).balance).toBe(10);
    return res;
  };

  it('both url and html: 400 on html', async () => {
    const res = await refused('/v1/capture', { url: 'https://example.com', html: '<p>hi</p>' });
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([
      { path: 'html', message: expect.stringMatching(/either url or html, not both/) },
    ]);
  });

  it('neither: 400 on url, saying html is the other way', async () => {
    const res = await refused('/v1/raw', { device: 'iphone-16-pro' });
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([{ path: 'url', message: expect.stringMatching(/"html"/) }]);
  });

  it('base_url without html: 400 on base_url', async () => {
    const res = await refused('/v1/raw', { url: 'https://example.com', base_url: 'https://example.com/' });
    expect(res.json.error.details).toEqual([
      { path: 'base_url', message: expect.stringMatching(/only applies/) },
    ]);
  });

  it('a 3 MiB document: 400 on html, naming the 2 MiB cap', async () => {
    const html = `<p>${'x'.repeat(3 * 1024 * 1024)}</p>`;
    const res = await refused('/v1/capture', { html });
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([
      { path: 'html', message: expect.stringMatching(/at most 2 MiB/) },
    ]);
  });

  it('a body over 4 MiB: 413 that names html', async () => {
    const res = await refused('/v1/raw', { html: 'x'.repeat(5 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(res.json.error).toMatchObject({
      code: 'payload_too_large',
      message: expect.stringMatching(/html/),
    });
  });

  it('other routes keep the 256 KiB body limit', async () => {
    const { apiKey } = await createTestAccount(deps);
    const res = await call(app, 'POST', '/v1/projects', {
      key: apiKey,
      body: { name: 'x'.repeat(300 * 1024) },
    });
    expect(res.status).toBe(413);
  });
});
