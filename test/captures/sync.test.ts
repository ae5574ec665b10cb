import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import type { Deps } from '../../lib/deps.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { balanceAndLedger, call, captureDeps, createTestAccount, type TestApp } from '../helpers/stack.ts';

let deps: Deps;
let app: TestApp;
let site: FixtureServer;

beforeAll(async () => {
  deps = captureDeps();
  app = buildApp(deps);
  site = await startFixtureServer();
});

afterAll(async () => {
  await deps.browser.close();
  await site.close();
});

/** Follows a render URL the way a browser does: /r/… → 302 → presigned S3 URL → bytes. */
async function download(renderUrl: string, theApp: TestApp = app) {
  const { pathname, search } = new URL(renderUrl);
  const res = await theApp.request(pathname + search);
  if (res.status !== 302) return { status: res.status, body: await res.json() };
  const object = await fetch(res.headers.get('location')!);
  return {
    status: object.status,
    bytes: Buffer.from(await object.arrayBuffer()),
    cacheControl: res.headers.get('cache-control'),
  };
}

describe('POST /v1/capture', () => {
  it('renders a framed capture whose URL downloads an image of the reported size and format', async () => {
    const { apiKey } = await createTestAccount(deps);
    const res = await call(app, 'POST', '/v1/capture', {
      key: apiKey,
      body: { url: `${site.origin}/basic.html`, device: 'iphone-16-pro', output: { format: 'webp' } },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      id: expect.stringMatching(/^cap_[0-9A-Z]{26}$/),
      format: 'webp',
      credits_used: 3,
      cached: false,
      warnings: [],
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(res.json.url).toMatch(
      new RegExp(`^${deps.config.publicBaseUrl}/r/${res.json.id}\\.webp\\?expires=\\d+&sig=[0-9a-f]{64}$`),
    );
    const file = await download(res.json.url);
    expect(file.status).toBe(200);
    const meta = await sharp(file.bytes!).metadata();
    expect(meta.format).toBe('webp');
    expect([meta.width, meta.height]).toEqual([res.json.width, res.json.height]);
  });

  it('answers a tampered or expired render URL with 401 and a deleted one with 404', async () => {
    const { apiKey } = await createTestAccount(deps);
    const res = await call(app, 'POST', '/v1/raw', {
      key: apiKey,
      body: { url: `${site.origin}/basic.html` },
    });
    const url = new URL(res.json.url);
    const sig = url.searchParams.get('sig')!;
    const tampered = `${url.pathname}?expires=${url.searchParams.get('expires')}&sig=${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`;
    const bad = await app.request(tampered);
    expect(bad.status).toBe(401);
    expect((await bad.json()).error.code).toBe('unauthorized');
    const later = buildApp({ ...deps, now: () => Date.now() + 31 * 24 * 3600 * 1000 });
    const expired = await later.request(url.pathname + url.search);
    expect(expired.status).toBe(401);
    expect((await expired.json()).error.message).toMatch(/expired/);
    expect((await call(app, 'DELETE', `/v1/renders/${res.json.id}`, { key: apiKey })).status).toBe(200);
    expect((await download(res.json.url)).status).toBe(404);
  });

  it("keeps another account's render at 404", async () => {
    const owner = await createTestAccount(deps);
    const other = await createTestAccount(deps);
    const res = await call(app, 'POST', '/v1/raw', {
      key: owner.apiKey,
      body: { url: `${site.origin}/basic.html` },
    });
    expect((await call(app, 'GET', `/v1/renders/${res.json.id}`, { key: other.apiKey })).status).toBe(404);
    expect((await call(app, 'GET', `/v1/renders/${res.json.id}`, { key: owner.apiKey })).status).toBe(200);
  });

  it('serves the same request twice from the cache, free, with the same render id', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { credits: 100 });
    const body = { url: `${site.origin}/basic.html`, background_preset: 'ocean', shadow: 'hard' };
    const first = await call(app, 'POST', '/v1/capture', { key: apiKey, body });
    // Key order and defaults spelled out do not change the cache key.
    const second = await call(app, 'POST', '/v1/capture', {
      key: apiKey,
      body: { shadow: 'hard', background_style: 'gradient', background_preset: 'ocean', url: body.url },
    });
    expect(second.status).toBe(201);
    expect(second.json).toMatchObject({ id: first.json.id, cached: true, credits_used: 0 });
    const fresh = await call(app, 'POST', '/v1/capture', { key: apiKey, body: { ...body, fresh: true } });
    expect(fresh.json).toMatchObject({ cached: false, credits_used: 3 });
    expect(fresh.json.id).not.toBe(first.json.id);
    const noCache = await call(app, 'POST', '/v1/capture', { key: apiKey, body: { ...body, cache_ttl: 0 } });
    expect(noCache.json.cached).toBe(false);
    expect((await balanceAndLedger(deps, accountId)).balance).toBe(100 - 9);
  });

  it('charges exactly the affordable captures out of 50 concurrent ones and never goes below zero', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, {
      credits: 20,
      limits: { concurrent_captures: 50 },
    });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call(app, 'POST', '/v1/raw', { key: apiKey, body: { url: `${site.origin}/basic.html?n=${i}` } }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.filter((s) => s === 402)).toHaveLength(30);
    const refused = results.find((r) => r.status === 402)!;
    expect(refused.json.error).toMatchObject({ code: 'insufficient_credits' });
    const after = await balanceAndLedger(deps, accountId);
    expect(after.balance).toBe(0);
    expect(after.ledgerSum).toBe(after.balance);
  });

  it('refunds failed captures and keeps balance = ledger', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, {
      credits: 12,
      limits: { concurrent_captures: 4 },
    });
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        call(app, 'POST', '/v1/capture', { key: apiKey, body: { url: `${site.origin}/status/404?n=${i}` } }),
      ),
    );
    for (const r of results) {
      expect(r.status).toBe(422);
      expect(r.json.error).toMatchObject({ code: 'capture_failed', reason: 'http_error', status: 404 });
    }
    const after = await balanceAndLedger(deps, accountId);
    expect(after.balance).toBe(12);
    expect(after.ledgerSum).toBe(12);
    expect(after.entries.filter((e) => e.kind === 'debit')).toHaveLength(4);
    expect(after.entries.filter((e) => e.kind === 'refund')).toHaveLength(4);
  });

  it('never debits a test key, and its renders expire after 24 hours', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { credits: 5, test: true });
    const res = await call(app, 'POST', '/v1/capture', {
      key: apiKey,
      body: { url: `${site.origin}/basic.html` },
    });
    expect(res.json.credits_used).toBe(0);
    expect((await balanceAndLedger(deps, accountId)).balance).toBe(5);
    const render = await call(app, 'GET', `/v1/renders/${res.json.id}`, { key: apiKey });
    const lifetime = Date.parse(render.json.expires_at) - Date.parse(render.json.created_at);
    expect(lifetime).toBe(24 * 3600 * 1000);
  });

  it('echoes the resolved parameters and unknown-field warnings', async () => {
    const { apiKey } = await createTestAccount(deps);
    const res = await call(app, 'POST', '/v1/raw', {
      key: apiKey,
      body: {
        url: `${site.origin}/basic.html`,
        device: 'iphone-16-pro',
        show_resolved_params: true,
        devise: 'x',
      },
    });
    expect(res.json.warnings).toContain('Unknown parameter "devise" was ignored');
    expect(res.json.resolved_params).toMatchObject({
      viewport: { width: 402, height: 874 },
      capture_dpr: 3,
      emulate_mobile: true,
      wait_for: 'load',
    });
    expect([res.json.width, res.json.height]).toEqual([402 * 3, 874 * 3]);
  });
});

describe('GET /v1/capture and /v1/raw', () => {
  it('take dotted query parameters and the site/bg aliases', async () => {
    const { apiKey } = await createTestAccount(deps);
    const query = new URLSearchParams({
      site: `${site.origin}/basic.html`,
      'viewport.width': '800',
      'viewport.height': '600',
      capture_dpr: '1',
      'output.format': 'jpg',
      'output.quality': '70',
    });
    const res = await call(app, 'GET', `/v1/raw?${query}`, { key: apiKey });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ width: 800, height: 600, format: 'jpg' });
  });

  it('answers response_type=image with a 302 to the render', async () => {
    const { apiKey } = await createTestAccount(deps);
    const res = await app.request(
      `/v1/capture?url=${encodeURIComponent(`${site.origin}/basic.html`)}&bg=sunset&response_type=image&api_key=${apiKey}`,
    );
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/\/r\/cap_\w+\.png\?expires=\d+&sig=/);
    expect((await download(location)).status).toBe(200);
  });

  it('rejects a repeated non-array parameter and explains numbers in the wrong form', async () => {
    const { apiKey } = await createTestAccount(deps);
    const repeated = await call(app, 'GET', `/v1/raw?url=${site.origin}&url=${site.origin}`, { key: apiKey });
    expect(repeated.status).toBe(400);
    expect(repeated.json.error.message).toMatch(/Repeated parameter url/);
    const wrong = await call(
      app,
      'GET',
      `/v1/raw?url=${site.origin}&viewport.width=wide&viewport.height=600`,
      {
        key: apiKey,
      },
    );
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.details[0]).toMatchObject({ path: 'viewport.width' });
  });
});

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and body, charging once', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { credits: 50 });
    const body = { url: `${site.origin}/basic.html?idem=1`, fresh: true };
    const headers = { 'Idempotency-Key': 'order-7781' };
    const [a, b] = await Promise.all([
      call(app, 'POST', '/v1/raw', { key: apiKey, body, headers }),
      call(app, 'POST', '/v1/raw', { key: apiKey, body, headers }),
    ]);
    const c = await call(app, 'POST', '/v1/raw', {
      key: apiKey,
      body: { fresh: true, url: body.url },
      headers,
    });
    expect(a.status).toBe(201);
    expect(b.json.id).toBe(a.json.id);
    expect(c.json.id).toBe(a.json.id);
    expect(c.headers.get('idempotent-replayed')).toBe('true');
    const { entries } = await balanceAndLedger(deps, accountId);
    expect(entries.filter((e) => e.kind === 'debit')).toHaveLength(1);
  });

  it('answers the same key with another body with 409', async () => {
    const { apiKey } = await createTestAccount(deps);
    const headers = { 'Idempotency-Key': 'k-409' };
    await call(app, 'POST', '/v1/raw', { key: apiKey, body: { url: `${site.origin}/basic.html` }, headers });
    const res = await call(app, 'POST', '/v1/raw', {
      key: apiKey,
      body: { url: `${site.origin}/other` },
      headers,
    });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('idempotency_conflict');
  });
});

describe('validation of captures', () => {
  it('names every problem and charges nothing', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { credits: 10 });
    const res = await call(app, 'POST', '/v1/capture', {
      key: apiKey,
      body: {
        url: 'ftp://x',
        device: 'pixel',
        shadow: 'huge',
        output: { format: 'jpg' },
        background_style: 'transparent',
      },
    });
    expect(res.status).toBe(400);
    const paths = res.json.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['url', 'device', 'shadow']));
    expect(res.json.error.message).toMatch(/^Invalid url/);
    expect((await balanceAndLedger(deps, accountId)).balance).toBe(10);
  });

  it('rejects a missing url, malformed JSON and a sync timeout over 30 s', async () => {
    const { apiKey } = await createTestAccount(deps);
    const missing = await call(app, 'POST', '/v1/capture', { key: apiKey, body: {} });
    expect(missing.json.error.message).toMatch(/^Missing url/);
    const malformed = await call(app, 'POST', '/v1/capture', { key: apiKey, raw: '{"url": "x",' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.message).toMatch(/Malformed JSON/);
    const slow = await call(app, 'POST', '/v1/raw', {
      key: apiKey,
      body: { url: site.origin, timeout_ms: 60000 },
    });
    expect(slow.status).toBe(400);
    expect(slow.json.error.details[0].path).toBe('timeout_ms');
  });
});
