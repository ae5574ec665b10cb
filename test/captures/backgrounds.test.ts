/**
 * Catalogue backgrounds through the API (§9): `background` and `background_tint` on POST and GET
 * /v1/capture, with real Chromium, DynamoDB Local and the S3 emulator — the drawing lands in the
 * bucket under `backgrounds/`, an unknown reference is a 400 with close matches that costs nothing.
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { findBackground } from '../../lib/backgrounds/catalogue.ts';
import { drawBackground } from '../../lib/backgrounds/render.ts';
import { balanceAndLedger, call, captureApp, createTestAccount, type TestApp } from '../helpers/stack.ts';

const env = captureApp();

const page = (tag: string) => `${env.site.origin}/basic.html?t=${tag}`;

/** Follows a render URL the way a browser does: /r/… → 302 → presigned S3 URL → decoded pixels. */
async function download(app: TestApp, renderUrl: string) {
  const { pathname, search } = new URL(renderUrl);
  const res = await app.request(pathname + search);
  expect(res.status).toBe(302);
  const object = await fetch(res.headers.get('location')!);
  expect(object.status).toBe(200);
  const bytes = Buffer.from(await object.arrayBuffer());
  return sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
}

/** Largest per-channel difference over the top-left `size`×`size` corner. */
function cornerDifference(a: Buffer, b: Buffer, width: number, size = 20): number {
  let worst = 0;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      for (let c = 0; c < 3; c++) {
        const i = (y * width + x) * 4 + c;
        worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
      }
  return worst;
}

async function backgroundObjects(prefix: string): Promise<string[]> {
  const out = await env.deps.aws.s3.send(
    new ListObjectsV2Command({ Bucket: env.deps.config.bucket, Prefix: prefix }),
  );
  return (out.Contents ?? []).map((o) => o.Key!);
}

async function poll<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('background: a catalogue reference', () => {
  it('renders the background at the output’s exact size and keeps the drawing in S3', async () => {
    const { apiKey } = await createTestAccount(env.deps, { credits: 100 });
    const res = await call(env.app, 'POST', '/v1/capture', {
      key: apiKey,
      body: { url: page('peach'), device: 'browser-macos', background: 'mesh/peach-fuzz' },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json.warnings).toEqual([]);
    const { data, info } = await download(env.app, res.json.url);
    expect([info.width, info.height]).toEqual([res.json.width, res.json.height]);
    const drawn = drawBackground(findBackground('mesh/peach-fuzz')!, info.width, info.height);
    expect(cornerDifference(data, drawn, info.width)).toBeLessThanOrEqual(1);

    // The upload is fire-and-forget: poll for it.
    const suffix = `-${info.width}x${info.height}.png`;
    const keys = await poll(
      () => backgroundObjects('backgrounds/mesh/peach-fuzz/'),
      (k) => k.some((key) => key.endsWith(suffix)),
    );
    expect(keys.filter((k) => k.endsWith(suffix)).length).toBeGreaterThanOrEqual(1);
    for (const key of keys) expect(key).toMatch(/^backgrounds\/mesh\/peach-fuzz\/[0-9a-f]{16}-\d+x\d+\.png$/);
  });

  it('answers an unknown reference with 400 invalid_params and close matches, charging nothing', async () => {
    const { apiKey, accountId } = await createTestAccount(env.deps, { credits: 10 });
    const res = await call(env.app, 'POST', '/v1/capture', {
      key: apiKey,
      body: { url: page('unknown'), background: 'mesh/peach' },
    });
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.code).toBe('invalid_params');
    expect(res.json.error.message).toContain('mesh/peach-fuzz');
    expect(res.json.error.details[0].path).toBe('background');
    const after = await balanceAndLedger(env.deps, accountId);
    expect(after.balance).toBe(10);
    expect(after.ledgerSum).toBe(10);
    expect(after.entries.length).toBe(1);

    const far = await call(env.app, 'POST', '/v1/capture', {
      key: apiKey,
      body: { url: page('unknown'), background: 'zzzz/qqqq' },
    });
    expect(far.status).toBe(400);
    expect(far.json.error.details[0].path).toBe('background');
    expect((await balanceAndLedger(env.deps, accountId)).balance).toBe(10);
  });

  it('refuses a reference that is not of the form pack/slug in the schema', async () => {
    const { apiKey, accountId } = await createTestAccount(env.deps, { credits: 10 });
    for (const background of ['Mesh/Peach Fuzz', 'peach-fuzz', 'mesh/peach/fuzz', '']) {
      const res = await call(env.app, 'POST', '/v1/capture', {
        key: apiKey,
        body: { url: page('format'), background },
      });
      expect(res.status, background).toBe(400);
      expect(res.json.error.code).toBe('invalid_params');
      expect(res.json.error.details[0].path).toBe('background');
    }
    expect((await balanceAndLedger(env.deps, accountId)).balance).toBe(10);
  });
});

describe('background_tint', () => {
  it('re-colours a catalogue background', async () => {
    const { apiKey } = await createTestAccount(env.deps, { credits: 100 });
    const body = {
      url: page('tint'),
      device: 'browser-macos',
      background: 'mesh/peach-fuzz',
      output: { width: 800 },
    };
    const [plain, tinted] = await Promise.all([
      call(env.app, 'POST', '/v1/capture', { key: apiKey, body }),
      call(env.app, 'POST', '/v1/capture', { key: apiKey, body: { ...body, background_tint: ['#ff5a1f'] } }),
    ]);
    expect(plain.status, plain.text).toBe(201);
    expect(tinted.status, tinted.text).toBe(201);
    expect(tinted.json.warnings).toEqual([]);
    const a = await download(env.app, plain.json.url);
    const b = await download(env.app, tinted.json.url);
    expect(a.data.equals(b.data)).toBe(false);
    const drawn = drawBackground(findBackground('mesh/peach-fuzz')!, b.info.width, b.info.height, [
      '#ff5a1f',
    ]);
    expect(cornerDifference(b.data, drawn, b.info.width)).toBeLessThanOrEqual(1);
    expect(cornerDifference(a.data, drawn, a.info.width)).toBeGreaterThan(1);
  });

  it('is a warning, not an error, without a catalogue background', async () => {
    const { apiKey } = await createTestAccount(env.deps, { credits: 100 });
    const res = await call(env.app, 'POST', '/v1/capture', {
      key: apiKey,
      body: { url: page('tint-alone'), background_tint: '#ff5a1f', output: { width: 400 } },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json.warnings.some((w: string) => w.includes('background_tint'))).toBe(true);
  });

  it.each([
    ['not a colour', ['notacolour']],
    ['five colours', ['#111111', '#222222', '#333333', '#444444', '#555555']],
    ['no colours', []],
  ])('refuses %s with a 400 naming background_tint, charging nothing', async (_what, background_tint) => {
    const { apiKey, accountId } = await createTestAccount(env.deps, { credits: 10 });
    const res = await call(env.app, 'POST', '/v1/capture', {
      key: apiKey,
      body: { url: page('tint-bad'), background: 'mesh/peach-fuzz', background_tint },
    });
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.code).toBe('invalid_params');
    expect(res.json.error.message).toContain('background_tint');
    expect(res.json.error.details[0].path).toMatch(/^background_tint/);
    expect((await balanceAndLedger(env.deps, accountId)).balance).toBe(10);
  });

  it('refuses a value of the wrong type with a 400 at background_tint, charging nothing', async () => {
    const { apiKey, accountId } = await createTestAccount(env.deps, { credits: 10 });
    for (const background_tint of [42, { color: '#ff0000' }, true]) {
      const res = await call(env.app, 'POST', '/v1/capture', {
        key: apiKey,
        body: { url: page('tint-type'), background: 'mesh/peach-fuzz', background_tint },
      });
      expect(res.status, res.text).toBe(400);
      expect(res.json.error.code).toBe('invalid_params');
      expect(res.json.error.details[0].path).toBe('background_tint');
    }
    expect((await balanceAndLedger(env.deps, accountId)).balance).toBe(10);
  });

  // Known bug (reported): the v.union in lib/schemas/capture.ts has no message of its own, so a
  // wrong type reads "Invalid type: Expected (Array | string) but received 42" — the only field
  // whose message does not name it ("Invalid background. Must be a string" for the others).
  it('names background_tint in the message for a value of the wrong type', async () => {
    const { apiKey } = await createTestAccount(env.deps, { credits: 10 });
    const res = await call(env.app, 'POST', '/v1/capture', {
      key: apiKey,
      body: { url: page('tint-type'), background: 'mesh/peach-fuzz', background_tint: 42 },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain('background_tint');
  });
});

describe('ai_brand with a catalogue background', () => {
  it('keeps the background’s design and tints it to the brand colours, unless a tint is given', async () => {
    const { apiKey } = await createTestAccount(env.deps, { credits: 100 });
    const url = `${env.site.origin}/corpus/acme-pricing.html?t=brand-bg`;
    const res = await call(env.app, 'POST', '/v1/capture', {
      key: apiKey,
      body: {
        url,
        ai_brand: true,
        background: 'mesh/lilac-haze',
        device: 'browser-macos',
        output: { width: 640 },
      },
    });
    expect(res.status, res.text).toBe(201);
    const brand = res.json.ai_decisions.brand;
    const tint = [brand.primary, ...(brand.secondary ? [brand.secondary] : [])];
    // (resolved_params is taken before page understanding runs, so the pixels tell what was drawn.)
    const { data, info } = await download(env.app, res.json.url);
    const drawn = drawBackground(findBackground('mesh/lilac-haze')!, info.width, info.height, tint);
    expect(cornerDifference(data, drawn, info.width)).toBeLessThanOrEqual(1);
    const untinted = drawBackground(findBackground('mesh/lilac-haze')!, info.width, info.height);
    expect(cornerDifference(data, untinted, info.width)).toBeGreaterThan(1);

    // The request's own tint wins over the brand's.
    const own = await call(env.app, 'POST', '/v1/capture', {
      key: apiKey,
      body: {
        url: `${url}&own=1`,
        ai_brand: true,
        background: 'mesh/lilac-haze',
        background_tint: ['#16a34a'],
        device: 'browser-macos',
        output: { width: 640 },
      },
    });
    expect(own.status, own.text).toBe(201);
    const mine = await download(env.app, own.json.url);
    const green = drawBackground(findBackground('mesh/lilac-haze')!, mine.info.width, mine.info.height, [
      '#16a34a',
    ]);
    expect(cornerDifference(mine.data, green, mine.info.width)).toBeLessThanOrEqual(1);
  });
});

describe('GET /v1/capture', () => {
  it('takes background and background_tint as query parameters', async () => {
    const { apiKey } = await createTestAccount(env.deps, { credits: 100 });
    const query = `url=${encodeURIComponent(page('get'))}&device=browser-macos&output.width=640&background=glass/prism&background_tint=%23ff0000`;
    const res = await call(env.app, 'GET', `/v1/capture?${query}`, { key: apiKey });
    expect(res.status, res.text).toBe(201);
    expect(res.json.warnings).toEqual([]);
    const { data, info } = await download(env.app, res.json.url);
    const drawn = drawBackground(findBackground('glass/prism')!, info.width, info.height, ['#ff0000']);
    expect(cornerDifference(data, drawn, info.width)).toBeLessThanOrEqual(1);

    // With the key in the query and an image response, like an <img src>.
    const image = await env.app.request(`/v1/capture?${query}&response_type=image&api_key=${apiKey}`);
    expect(image.status).toBe(302);

    const unknown = await call(
      env.app,
      'GET',
      `/v1/capture?url=${encodeURIComponent(page('get'))}&background=glass/prismm`,
      {
        key: apiKey,
      },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toContain('glass/prism');
    expect(unknown.json.error.details[0].path).toBe('background');
  });
});
