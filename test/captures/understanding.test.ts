/**
 * Page understanding through the API (§10): `element`, `ai_style`, `ai_copy`, `ai_brand` and
 * `prompt` against corpus pages, with real Chromium, DynamoDB Local and the S3 emulator.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brandDomain } from '../../lib/captures/brand.ts';
import { type FakeModel, startFakeModel } from '../helpers/fake-model.ts';
import { balanceAndLedger, call, captureApp, createTestAccount } from '../helpers/stack.ts';

const env = captureApp();

const page = (file: string, tag: string) => `${env.site.origin}/corpus/${file}?t=${tag}`;

async function account(credits = 100) {
  return createTestAccount(env.deps, { credits });
}

describe('element: a description resolved to an element', () => {
  it('captures the block a description names, like a selector would, for 1 more credit', async () => {
    const { apiKey, accountId } = await account();
    const byWords = await call(env.app, 'POST', '/v1/raw', {
      key: apiKey,
      body: {
        url: page('acme-pricing.html', 'el1'),
        element: 'the pricing table',
        viewport: { width: 1440, height: 900 },
        capture_dpr: 1,
      },
    });
    expect(byWords.status, byWords.text).toBe(201);
    expect(byWords.json.credits_used).toBe(2);
    const resolved = byWords.json.element_resolved;
    expect(resolved).toMatchObject({
      selector: expect.any(String),
      score: expect.any(Number),
      text_excerpt: expect.any(String),
      box: {
        x: expect.any(Number),
        y: expect.any(Number),
        width: expect.any(Number),
        height: expect.any(Number),
      },
    });
    expect(resolved.score).toBeGreaterThan(0);
    expect(resolved.score).toBeLessThanOrEqual(1);
    expect(resolved.alternatives.length).toBeGreaterThan(0);
    expect(resolved.alternatives.length).toBeLessThanOrEqual(3);
    for (const alt of resolved.alternatives) expect(alt.score).toBeLessThanOrEqual(resolved.score);

    // The same block by its CSS selector: the same box, and the same pixels' size.
    const bySelector = await call(env.app, 'POST', '/v1/raw', {
      key: apiKey,
      body: {
        url: page('acme-pricing.html', 'el1'),
        selector: '#plans',
        viewport: { width: 1440, height: 900 },
        capture_dpr: 1,
      },
    });
    expect(bySelector.status, bySelector.text).toBe(201);
    expect(resolved.box).toEqual(bySelector.json.element_resolved.box);
    expect([byWords.json.width, byWords.json.height]).toEqual([resolved.box.width, resolved.box.height]);
    const { balance } = await balanceAndLedger(env.deps, accountId);
    expect(balance).toBe(100 - 2 - 1);
  });

  it('is styled without a browser frame around it: a crop is not a window', async () => {
    const { apiKey } = await account();
    const res = await call(env.app, 'POST', '/v1/capture', {
      key: apiKey,
      body: { url: page('acme-pricing.html', 'el4'), element: 'the pricing table', ai_style: true },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json.credits_used).toBe(3 + 1 + 2);
    expect(res.json.ai_decisions.style.page_type).toBe('pricing');
    expect(res.json.ai_decisions.style.device).toBeUndefined();
  });

  it('lets selector win when both are given, and charges no element credit', async () => {
    const { apiKey } = await account();
    const res = await call(env.app, 'POST', '/v1/raw', {
      key: apiKey,
      body: { url: page('acme-pricing.html', 'el2'), selector: '#faq', element: 'the pricing table' },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json.credits_used).toBe(1);
    expect(res.json.element_resolved).toMatchObject({ selector: '#faq', score: 1 });
  });

  it('answers 422 element_not_found with the best candidates, and refunds', async () => {
    const { apiKey, accountId } = await account(10);
    const res = await call(env.app, 'POST', '/v1/raw', {
      key: apiKey,
      body: { url: page('acme-pricing.html', 'el3'), element: 'the purple elephant juggling spreadsheets' },
    });
    expect(res.status, res.text).toBe(422);
    expect(res.json.error).toMatchObject({ code: 'capture_failed', reason: 'element_not_found' });
    expect(res.json.error.message).toMatch(/selector/);
    expect(res.json.error.details.length).toBeGreaterThan(0);
    expect(res.json.error.details[0]).toMatchObject({
      selector: expect.any(String),
      score: expect.any(Number),
    });
    const after = await balanceAndLedger(env.deps, accountId);
    expect(after.balance).toBe(10);
    expect(after.ledgerSum).toBe(10);
  });
});

describe('bad input names the field, and charges nothing', () => {
  it.each([
    ['element', ''],
    ['element', '   '],
    ['element', 'x'.repeat(2000)],
    ['prompt', ''],
    ['prompt', 'y'.repeat(2000)],
  ])('%s = %j', async (field, value) => {
    const { apiKey, accountId } = await account(10);
    const res = await call(env.app, 'POST', '/v1/capture', {
      key: apiKey,
      body: { url: page('acme-pricing.html', 'bad'), [field]: value },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_params');
    expect(res.json.error.message).toContain(field);
    expect(res.json.error.details[0].path).toBe(field);
    expect((await balanceAndLedger(env.deps, accountId)).balance).toBe(10);
  });
});

describe('ai_style and ai_copy', () => {
  it('classify the page, style and title it, explain why, and give the same decisions every time', async () => {
    const { apiKey } = await account();
    const body = {
      url: page('pulse-dashboard.html', 'st1'),
      ai_style: true,
      ai_copy: true,
      show_resolved_params: true,
    };
    const first = await call(env.app, 'POST', '/v1/capture', { key: apiKey, body });
    expect(first.status, first.text).toBe(201);
    expect(first.json.credits_used).toBe(3 + 2 + 1);
    const { style, copy } = first.json.ai_decisions;
    expect(style).toMatchObject({ page_type: 'dashboard', tone: 'dark', reason: expect.any(String) });
    expect(copy.title.length).toBeGreaterThan(0);
    expect(copy.title.length).toBeLessThanOrEqual(60);
    expect(copy.reason).toEqual(expect.any(String));

    // Not a cache hit (fresh), a new capture of the same page: byte-identical decisions.
    const second = await call(env.app, 'POST', '/v1/capture', {
      key: apiKey,
      body: { ...body, fresh: true },
    });
    expect(second.status, second.text).toBe(201);
    expect(second.json.cached).toBe(false);
    expect(JSON.stringify(second.json.ai_decisions)).toBe(JSON.stringify(first.json.ai_decisions));

    // A cache hit answers with the decisions it was made with, for free.
    const hit = await call(env.app, 'POST', '/v1/capture', { key: apiKey, body });
    expect(hit.json).toMatchObject({ cached: true, credits_used: 0 });
    expect(hit.json.ai_decisions).toEqual(first.json.ai_decisions);
  });

  it('keeps what the request set: explicit parameters win over the AI', async () => {
    const { apiKey } = await account();
    const res = await call(env.app, 'POST', '/v1/capture', {
      key: apiKey,
      body: {
        url: page('pulse-dashboard.html', 'st2'),
        ai_style: true,
        ai_copy: true,
        background_style: 'solid',
        background_color: '#ff0000',
        title: 'Mine',
        output: { width: 800, height: 500 },
      },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json.ai_decisions.copy.kept_from_request).toContain('title');
    expect(res.json.ai_decisions.style.kept_from_request).toEqual(
      expect.arrayContaining(['background_style']),
    );
    // The corner pixel is the request's solid red, not the AI's background.
    const png = await downloaded(res.json.url);
    const { data } = await sharp(png)
      .extract({ left: 2, top: 2, width: 1, height: 1 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([data[0], data[1], data[2]]).toEqual([255, 0, 0]);
  });

  it('explains a page with no usable text instead of failing', async () => {
    const { apiKey } = await account();
    const res = await call(env.app, 'POST', '/v1/capture', {
      key: apiKey,
      body: { url: `${env.site.origin}/no-text.html`, ai_copy: true, ai_style: true },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json.ai_decisions.copy.title).toBeUndefined();
    expect(res.json.ai_decisions.copy.reason).toMatch(/text/i);
    expect(res.json.ai_decisions.style.reason).toEqual(expect.any(String));
  });

  it('makes the AI options part of the cache key', async () => {
    const { apiKey } = await account();
    const url = page('acme-pricing.html', 'key');
    const plain = await call(env.app, 'POST', '/v1/capture', { key: apiKey, body: { url } });
    const styled = await call(env.app, 'POST', '/v1/capture', { key: apiKey, body: { url, ai_style: true } });
    expect(plain.status).toBe(201);
    expect(styled.status).toBe(201);
    expect(styled.json.cached).toBe(false);
    expect(styled.json.id).not.toBe(plain.json.id);
  });
});

describe('ai_brand', () => {
  it('finds the brand, caches it per domain for 7 days, and is free while cached', async () => {
    const { apiKey } = await account();
    const url = page('acme-pricing.html', 'brand');
    const first = await call(env.app, 'POST', '/v1/capture', { key: apiKey, body: { url, ai_brand: true } });
    expect(first.status, first.text).toBe(201);
    expect(first.json.credits_used).toBe(3 + 2);
    const brand = first.json.ai_decisions.brand;
    expect(brand).toMatchObject({ primary: expect.stringMatching(/^#[0-9a-f]{6}$/), cached: false });

    const { Item } = await env.deps.table.db.send(
      new GetCommand({
        TableName: env.deps.table.name,
        Key: { pk: `BRAND#${brandDomain(url)}`, sk: 'BRAND' },
      }),
    );
    expect(Item?.ttl).toBeGreaterThan(Date.now() / 1000 + 6.9 * 24 * 3600);
    expect(Item?.ttl).toBeLessThan(Date.now() / 1000 + 7.1 * 24 * 3600);

    const again = await call(env.app, 'POST', '/v1/capture', {
      key: apiKey,
      body: { url: `${url}&again=1`, ai_brand: true },
    });
    expect(again.status, again.text).toBe(201);
    expect(again.json.credits_used).toBe(3);
    expect(again.json.ai_decisions.brand).toMatchObject({ primary: brand.primary, cached: true });
  });
});

describe('prompt', () => {
  it('turns words into parameters, lists the words it did not understand, and lets the request win', async () => {
    const { apiKey } = await account();
    const res = await call(env.app, 'POST', '/v1/capture', {
      key: apiKey,
      body: {
        url: page('acme-pricing.html', 'pr1'),
        prompt: 'dark hero shot on an iphone, tilted left, sunset background, title "Ship faster" wobbly',
        background_preset: 'ocean',
        show_resolved_params: true,
      },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json.credits_used).toBe(3 + 1);
    expect(res.json.resolved_params).toMatchObject({
      device: 'iphone-16-pro',
      perspective: 'tilt-left',
      title: 'Ship faster',
      dark_mode: true,
      background_preset: 'ocean',
      viewport: { width: 402, height: 874 },
    });
    expect(res.json.ai_decisions.prompt.ignored).toContain('wobbly');
    expect(res.json.warnings.join(' ')).toMatch(/wobbly/);
  });

  it('is free with a test key, like every capture', async () => {
    const { apiKey, accountId } = await createTestAccount(env.deps, { credits: 10, test: true });
    const res = await call(env.app, 'POST', '/v1/capture', {
      key: apiKey,
      body: { url: page('acme-pricing.html', 'pr2'), prompt: 'square, ocean', ai_style: true },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json.credits_used).toBe(0);
    expect((await balanceAndLedger(env.deps, accountId)).balance).toBe(10);
  });
});

describe('an optional model', () => {
  let model: FakeModel;
  const withModel = captureApp({ FRAMESHOT_AI_TIMEOUT_MS: '800' });
  beforeAll(async () => {
    model = await startFakeModel();
    // The model endpoint is known only once it listens: point this block's app at it.
    withModel.deps.config.ai = { baseUrl: model.baseUrl, model: 'fake', timeoutMs: 800 };
  });
  afterAll(async () => {
    await model?.close();
  });

  it('may refine ai_copy; the decisions say so', async () => {
    model.reply(() => ({ content: JSON.stringify({ title: 'Dashboards that explain themselves' }) }));
    const { apiKey } = await createTestAccount(withModel.deps, { credits: 20 });
    const res = await call(withModel.app, 'POST', '/v1/capture', {
      key: apiKey,
      body: { url: `${withModel.site.origin}/corpus/pulse-dashboard.html?t=m1`, ai_copy: true },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json.ai_decisions.copy).toMatchObject({
      title: 'Dashboards that explain themselves',
      refined_by_model: true,
    });
  });

  it('may add to a prompt what the grammar did not understand, each parameter checked', async () => {
    model.reply(() => ({
      content: JSON.stringify({
        shadow: 'glow',
        zoom: 99,
        url: 'http://evil.example',
        webhook_url: 'http://evil.example/hook',
        cache_ttl: 0,
        ai_style: true,
      }),
    }));
    const { apiKey } = await createTestAccount(withModel.deps, { credits: 20 });
    const res = await call(withModel.app, 'POST', '/v1/capture', {
      key: apiKey,
      body: {
        url: `${withModel.site.origin}/corpus/acme-pricing.html?t=m3`,
        prompt: 'ocean, make it pop',
        show_resolved_params: true,
      },
    });
    expect(res.status, res.text).toBe(201);
    // The grammar's ocean stays; the model's glow is added; its invalid zoom and url are dropped.
    expect(res.json.resolved_params).toMatchObject({ background_preset: 'ocean', shadow: 'glow' });
    expect(res.json.resolved_params.zoom).toBeUndefined();
    // Never delivery, caching or another paid option: only styling.
    expect(res.json.resolved_params.webhook_url).toBeUndefined();
    expect(res.json.resolved_params.cache_ttl).toBe(86400);
    expect(res.json.resolved_params.ai_style).toBe(false);
    expect(res.json.credits_used).toBe(3 + 1);
    expect(res.json.resolved_params.url).toContain('/corpus/acme-pricing.html');
    expect(res.json.ai_decisions.prompt).toMatchObject({ refined_by_model: true });
    expect(res.json.ai_decisions.prompt.understood).toMatchObject({
      background_preset: 'ocean',
      shadow: 'glow',
    });
    expect(res.json.ai_decisions.prompt.phrases.at(-1).sets).toEqual({ shadow: 'glow' });
  });

  it('keeps the offline answer, with a warning, when the model is too slow', async () => {
    model.reply(() => ({ delayMs: 3000, content: JSON.stringify({ title: 'Too late' }) }));
    const { apiKey } = await createTestAccount(withModel.deps, { credits: 20 });
    const res = await call(withModel.app, 'POST', '/v1/capture', {
      key: apiKey,
      body: { url: `${withModel.site.origin}/corpus/pulse-dashboard.html?t=m2`, ai_copy: true },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json.ai_decisions.copy.title).not.toBe('Too late');
    expect(res.json.ai_decisions.copy.refined_by_model).toBeUndefined();
    expect(res.json.warnings.join(' ')).toMatch(/did not answer|offline/);
  });
});

/** The render behind a signed URL, through the app's own redirect. */
async function downloaded(url: string): Promise<Buffer> {
  const path = new URL(url).pathname + new URL(url).search;
  const res = await env.app.request(path);
  if (res.status === 302) {
    const target = res.headers.get('location')!;
    return Buffer.from(await (await fetch(target)).arrayBuffer());
  }
  return Buffer.from(await res.arrayBuffer());
}
