import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import type { Deps } from '../../lib/deps.ts';
import { type DashboardApp, SESSION, startDashboardApp } from '../helpers/dashboard-app.ts';
import { call, captureDeps, createTestAccount, type TestAccount, type TestApp } from '../helpers/stack.ts';

let deps: Deps;
let app: TestApp;
let dash: DashboardApp;
let owner: TestAccount;

beforeAll(async () => {
  deps = captureDeps();
  app = buildApp(deps);
  dash = await startDashboardApp();
  owner = await createTestAccount(deps, { credits: 200 });
});

afterAll(async () => {
  await deps.browser.close();
  dash.close();
});

const [cookieName, cookieValue] = SESSION.split('=') as [string, string];

async function createProfile(key: string, body: object) {
  return call(app, 'POST', '/v1/auth-profiles', {
    key,
    body: { name: 'Acme admin', domain: '127.0.0.1', ...body },
  });
}

/** RGB of a pixel of a render fetched through its URL. */
async function pixel(renderUrl: string, x: number, y: number) {
  const { pathname, search } = new URL(renderUrl);
  const redirect = await app.request(pathname + search);
  const bytes = Buffer.from(await (await fetch(redirect.headers.get('location')!)).arrayBuffer());
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i], data[i + 1], data[i + 2]];
}

describe('auth profiles', () => {
  it('let a capture see the private dashboard that an anonymous capture cannot', async () => {
    const profile = await createProfile(owner.apiKey, {
      cookies: [{ name: cookieName, value: cookieValue, domain: '127.0.0.1', path: '/', httpOnly: true }],
      local_storage: { [dash.origin]: { token: 'tok-123' } },
    });
    expect(profile.status).toBe(201);
    const body = { url: `${dash.origin}/dashboard`, viewport: { width: 400, height: 300 }, capture_dpr: 1 };
    const anonymous = await call(app, 'POST', '/v1/raw', { key: owner.apiKey, body });
    expect(anonymous.status).toBe(201);
    expect(await pixel(anonymous.json.url, 200, 250)).toEqual([0, 170, 0]); // the green login page
    const withProfile = await call(app, 'POST', '/v1/raw', {
      key: owner.apiKey,
      body: { ...body, auth_profile_id: profile.json.id },
    });
    expect(withProfile.json.cached).toBe(false);
    expect(await pixel(withProfile.json.url, 200, 250)).toEqual([0, 0, 255]); // the blue dashboard
    expect(await pixel(withProfile.json.url, 50, 50)).toEqual([255, 0, 0]); // localStorage applied
    // And the next anonymous capture is still logged out: nothing leaked between contexts.
    const after = await call(app, 'POST', '/v1/raw', { key: owner.apiKey, body: { ...body, fresh: true } });
    expect(await pixel(after.json.url, 200, 250)).toEqual([0, 170, 0]);
  });

  it('accept a raw Cookie header too, and cache renders per profile version', async () => {
    const profile = await createProfile(owner.apiKey, { cookie_header: `${SESSION}; theme=dark` });
    expect(profile.json.summary).toMatchObject({ cookie_names: [cookieName, 'theme'], cookie_count: 2 });
    const body = {
      url: `${dash.origin}/dashboard?v=2`,
      auth_profile_id: profile.json.id,
      viewport: { width: 400, height: 300 },
    };
    const first = await call(app, 'POST', '/v1/raw', { key: owner.apiKey, body });
    expect(await pixel(first.json.url, 10, 250)).toEqual([0, 0, 255]);
    expect((await call(app, 'POST', '/v1/raw', { key: owner.apiKey, body })).json.cached).toBe(true);
    // New credentials → a new render, not the cached one.
    await call(app, 'PATCH', `/v1/auth-profiles/${profile.json.id}`, {
      key: owner.apiKey,
      body: { cookie_header: 'session=wrong' },
    });
    const changed = await call(app, 'POST', '/v1/raw', { key: owner.apiKey, body });
    expect(changed.json.cached).toBe(false);
    expect(await pixel(changed.json.url, 10, 250)).toEqual([0, 170, 0]);
  });

  it('work for async captures too, the worker decrypting them only when it runs the job', async () => {
    const { startLocalWorkers } = await import('../../lib/local/workers.ts');
    const { getJob } = await import('../../lib/store/jobs.ts');
    const workers = startLocalWorkers(deps, { waitSeconds: 1 });
    try {
      const profile = await createProfile(owner.apiKey, { cookie_header: SESSION });
      const accepted = await call(app, 'POST', '/v1/raw', {
        key: owner.apiKey,
        body: {
          url: `${dash.origin}/dashboard?async=1`,
          auth_profile_id: profile.json.id,
          async: true,
          viewport: { width: 400, height: 300 },
        },
      });
      let job = await getJob(deps.table, accepted.json.job_id);
      expect(JSON.stringify(job)).not.toContain(cookieValue);
      const deadline = Date.now() + 30_000;
      while (job?.status === 'pending' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        job = await getJob(deps.table, accepted.json.job_id);
      }
      expect(job?.status).toBe('completed');
      expect(await pixel(job!.result!.url, 10, 250)).toEqual([0, 0, 255]);
    } finally {
      await workers.stop();
    }
  });

  it('report whether a page looks logged out', async () => {
    const good = await createProfile(owner.apiKey, { cookie_header: SESSION });
    const bad = await createProfile(owner.apiKey, { cookie_header: 'session=expired' });
    const test = (id: string) =>
      call(app, 'POST', `/v1/auth-profiles/${id}/test`, {
        key: owner.apiKey,
        body: { url: `${dash.origin}/dashboard` },
      });
    const ok = await test(good.json.id);
    expect(ok.json).toEqual({
      ok: true,
      final_url: `${dash.origin}/dashboard`,
      status: 200,
      title: 'Dashboard · Acme',
      looks_logged_out: false,
    });
    const gate = await call(app, 'POST', `/v1/auth-profiles/${good.json.id}/test`, {
      key: owner.apiKey,
      body: { url: `${dash.origin}/gate` },
    });
    expect(gate.json).toMatchObject({ ok: true, status: 200, title: 'Acme', looks_logged_out: true });
    const out = await test(bad.json.id);
    expect(out.json).toMatchObject({
      ok: true,
      final_url: `${dash.origin}/login?next=/dashboard`,
      looks_logged_out: true,
    });
  });

  it('never return or store credentials in plaintext', async () => {
    const secretValue = 'never-in-plaintext-7f3a9c';
    const created = await createProfile(owner.apiKey, {
      cookies: [{ name: 'sid', value: secretValue }],
      cookie_header: `other=${secretValue}-h`,
      local_storage: { [dash.origin]: { jwt: `${secretValue}-ls` } },
      headers: { Authorization: `Bearer ${secretValue}-hdr` },
    });
    expect(JSON.stringify(created.json)).not.toContain(secretValue);
    expect(created.json.summary).toEqual({
      cookie_names: ['other', 'sid'],
      cookie_count: 2,
      local_storage_origins: [dash.origin],
      local_storage_key_count: 1,
      header_names: ['Authorization'],
    });
    const listed = await call(app, 'GET', '/v1/auth-profiles', { key: owner.apiKey });
    expect(JSON.stringify(listed.json)).not.toContain(secretValue);
    const { Items = [] } = await deps.aws.db.send(new ScanCommand({ TableName: deps.table.name }));
    expect(JSON.stringify(Items)).not.toContain(secretValue);
    expect(JSON.stringify(Items)).not.toContain(Buffer.from(secretValue).toString('base64'));
  });

  it('apply only to the profile domain and its subdomains', async () => {
    const profile = await createProfile(owner.apiKey, { domain: 'example.com', cookie_header: SESSION });
    const res = await call(app, 'POST', '/v1/raw', {
      key: owner.apiKey,
      body: { url: `${dash.origin}/dashboard`, auth_profile_id: profile.json.id },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toMatch(/example\.com/);
    const stray = await createProfile(owner.apiKey, {
      domain: 'example.com',
      cookies: [{ name: 'a', value: 'b', domain: 'evil.com' }],
    });
    expect(stray.status).toBe(400);
  });

  it('refuse credentials over 64 KiB and bad shapes, naming the problem', async () => {
    const big = await createProfile(owner.apiKey, { cookie_header: `a=${'x'.repeat(70 * 1024)}` });
    expect(big.status).toBe(400);
    expect(big.json.error.message).toMatch(/cookie_header. Must be at most 65536/);
    const badOrigin = await createProfile(owner.apiKey, { local_storage: { 'not a url': { a: 'b' } } });
    expect(badOrigin.status).toBe(400);
    const badHeader = await createProfile(owner.apiKey, { headers: { Host: 'x' } });
    expect(badHeader.status).toBe(400);
  });

  it("keep one account's profiles away from another", async () => {
    const other = await createTestAccount(deps);
    const profile = await createProfile(owner.apiKey, { cookie_header: SESSION });
    const id = profile.json.id;
    expect((await call(app, 'GET', '/v1/auth-profiles', { key: other.apiKey })).json.data).toEqual([]);
    expect(
      (await call(app, 'PATCH', `/v1/auth-profiles/${id}`, { key: other.apiKey, body: { name: 'x' } }))
        .status,
    ).toBe(404);
    expect(
      (
        await call(app, 'POST', `/v1/auth-profiles/${id}/test`, {
          key: other.apiKey,
          body: { url: `${dash.origin}/dashboard` },
        })
      ).status,
    ).toBe(404);
    expect((await call(app, 'DELETE', `/v1/auth-profiles/${id}`, { key: other.apiKey })).status).toBe(404);
    const capture = await call(app, 'POST', '/v1/raw', {
      key: other.apiKey,
      body: { url: `${dash.origin}/dashboard`, auth_profile_id: id },
    });
    expect(capture.status).toBe(400);
    expect(capture.json.error.details[0].path).toBe('auth_profile_id');
    expect((await call(app, 'DELETE', `/v1/auth-profiles/${id}`, { key: owner.apiKey })).status).toBe(200);
  });
});
