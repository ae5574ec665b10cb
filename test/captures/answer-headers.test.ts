/**
 * §14 on every capture answer: `Server-Timing` with the stages, `X-Frameshot-Cache`,
 * `X-Frameshot-Render-Id`, `X-Frameshot-Credits` — on JSON, on a signed link's 302 and on a
 * job's 202 — and `response_type: "binary"`: the image in the body, the fields as headers.
 */
import { createHmac } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import type { Deps } from '../../lib/deps.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { call, captureDeps, createTestAccount, type TestApp } from '../helpers/stack.ts';

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

/** `Server-Timing` as name → ms. */
function serverTiming(header: string | null): Record<string, number> {
  return Object.fromEntries(
    (header ?? '').split(/,\s*/).map((entry) => {
      const [name, dur] = entry.split(';dur=');
      return [name!, Number(dur)];
    }),
  );
}

const small = (marker: string, extra: Record<string, unknown> = {}) => ({
  url: `${site.origin}/basic.html?headers=${marker}`,
  viewport: { width: 400, height: 300 },
  capture_dpr: 1,
  ...extra,
});

describe('capture answer headers', () => {
  it('time every stage of a fresh render and name its id, cost and cache state', async () => {
    const { apiKey } = await createTestAccount(deps);
    const body = small('fresh');
    const res = await call(app, 'POST', '/v1/raw', { key: apiKey, body });
    expect(res.status).toBe(201);
    const timing = serverTiming(res.headers.get('server-timing'));
    expect(Object.keys(timing)).toEqual(['auth', 'queue', 'navigate', 'ready', 'shot', 'compose', 'store']);
    for (const ms of Object.values(timing)) expect(ms).toBeGreaterThanOrEqual(0);
    expect(timing.navigate! + timing.shot!).toBeGreaterThan(0);
    expect(res.headers.get('x-frameshot-cache')).toBe('MISS');
    expect(res.headers.get('x-frameshot-render-id')).toBe(res.json.id);
    expect(res.headers.get('x-frameshot-credits')).toBe('1');

    const hit = await call(app, 'POST', '/v1/raw', { key: apiKey, body });
    expect(hit.headers.get('x-frameshot-cache')).toBe('HIT');
    expect(hit.headers.get('x-frameshot-render-id')).toBe(res.json.id);
    expect(hit.headers.get('x-frameshot-credits')).toBe('0');
    expect(Object.keys(serverTiming(hit.headers.get('server-timing')))).toEqual(['auth', 'cache']);
  });

  it('name the job-to-be render and the reserved credits on a 202', async () => {
    const { apiKey } = await createTestAccount(deps);
    const res = await call(app, 'POST', '/v1/capture', {
      key: apiKey,
      body: small('async', { async: true }),
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('x-frameshot-render-id')).toMatch(/^cap_/);
    expect(res.headers.get('x-frameshot-credits')).toBe('3');
    expect(Object.keys(serverTiming(res.headers.get('server-timing')))).toEqual(['auth']);
  });

  it("come with a signed link's 302 to the image", async () => {
    const { apiKey } = await createTestAccount(deps);
    const { json: project } = await call(app, 'POST', '/v1/projects', {
      key: apiKey,
      body: { name: 'Mail' },
    });
    const { json: secrets } = await call(app, 'GET', `/v1/projects/${project.id}/signing-secret`, {
      key: apiKey,
    });
    const qs = new URLSearchParams({
      url: `${site.origin}/basic.html?headers=signed`,
      'viewport.width': '400',
      'viewport.height': '300',
      capture_dpr: '1',
      project_id: project.id,
      expires: String(Math.floor(Date.now() / 1000) + 600),
    });
    const canonical = `GET\n/v1/capture\n${[...qs]
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .sort()
      .join('&')}`;
    qs.append('signature', createHmac('sha256', secrets.signing_secret).update(canonical).digest('hex'));
    const res = await app.request(`/v1/capture?${qs}`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/\/r\/cap_/);
    expect(res.headers.get('x-frameshot-render-id')).toMatch(/^cap_/);
    expect(res.headers.get('x-frameshot-cache')).toBe('MISS');
    expect(res.headers.get('x-frameshot-credits')).toBe('3');
    expect(serverTiming(res.headers.get('server-timing'))).toHaveProperty('shot');
  });
});

describe('response_type "binary"', () => {
  it('answers the image bytes with the response fields as headers, fresh and from the cache', async () => {
    const { apiKey } = await createTestAccount(deps);
    const body = small('binary', { response_type: 'binary', output: { format: 'webp' } });
    const res = await app.request('/v1/raw', {
      method: 'POST',
      headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('image/webp');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'webp', width: 400, height: 300 });
    expect(res.headers.get('x-frameshot-width')).toBe('400');
    expect(res.headers.get('x-frameshot-height')).toBe('300');
    expect(res.headers.get('x-frameshot-format')).toBe('webp');
    expect(res.headers.get('x-frameshot-url')).toMatch(/\/r\/cap_\w+\.webp\?expires=\d+&sig=/);
    expect(res.headers.get('x-frameshot-warnings')).toBe('[]');
    expect(Number(res.headers.get('x-frameshot-duration-ms'))).toBeGreaterThan(0);
    expect(res.headers.get('x-frameshot-credits')).toBe('1');

    // From the cache: the same bytes, read back from storage.
    const hit = await app.request('/v1/raw', {
      method: 'POST',
      headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(hit.headers.get('x-frameshot-cache')).toBe('HIT');
    expect(Buffer.from(await hit.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('works on GET, and a bad value names the field', async () => {
    const { apiKey } = await createTestAccount(deps);
    const qs = new URLSearchParams({
      url: `${site.origin}/basic.html?headers=get-binary`,
      'viewport.width': '400',
      'viewport.height': '300',
      capture_dpr: '1',
      response_type: 'binary',
    });
    const res = await app.request(`/v1/raw?${qs}`, { headers: { Authorization: `Bearer ${apiKey}` } });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).width).toBe(400);

    const bad = await call(app, 'POST', '/v1/raw', {
      key: apiKey,
      body: small('bad', { response_type: 'bytes' }),
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0]).toMatchObject({ path: 'response_type' });
  });
});
