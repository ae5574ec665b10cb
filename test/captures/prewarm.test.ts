/**
 * `HEAD` pre-warm of signed capture URLs (§14): 202 at once and the render started as a job when
 * not cached, 200 when cached; one job and one charge however many HEADs come, and a GET that
 * arrives while the job runs waits for it instead of rendering again.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import type { Deps } from '../../lib/deps.ts';
import { startLocalWorkers } from '../../lib/local/workers.ts';
import { privateQueues } from '../faults/services.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { balanceAndLedger, call, captureDeps, createTestAccount, type TestApp } from '../helpers/stack.ts';

let deps: Deps;
let app: TestApp;
let site: FixtureServer;
let workers: { stop(): Promise<void> };

beforeAll(async () => {
  deps = captureDeps(await privateQueues(`prewarm-${process.pid}`));
  app = buildApp(deps);
  site = await startFixtureServer();
  workers = startLocalWorkers(deps, { waitSeconds: 1 });
});

afterAll(async () => {
  await workers.stop();
  await deps.browser.close();
  await site.close();
});

/** A project of a new account with 20 credits, and a signer of capture URLs for it (§5). */
async function newsletter() {
  const { apiKey, accountId } = await createTestAccount(deps, { credits: 20 });
  const { json: project } = await call(app, 'POST', '/v1/projects', { key: apiKey, body: { name: 'News' } });
  const { json: secrets } = await call(app, 'GET', `/v1/projects/${project.id}/signing-secret`, {
    key: apiKey,
  });
  const sign = (params: Record<string, string>) => {
    const qs = new URLSearchParams({
      ...params,
      project_id: project.id,
      expires: String(Math.floor(Date.now() / 1000) + 600),
    });
    const canonical = `GET\n/v1/capture\n${[...qs]
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .sort()
      .join('&')}`;
    qs.append('signature', createHmac('sha256', secrets.signing_secret).update(canonical).digest('hex'));
    return `/v1/capture?${qs}`;
  };
  return { accountId, sign };
}

const image = (marker: string) => ({
  url: `${site.origin}/slow?ms=1500&page=basic.html&warm=${marker}`,
  'viewport.width': '400',
  'viewport.height': '300',
  capture_dpr: '1',
});

describe('HEAD on a signed capture URL', () => {
  it('answers 202 at once, renders once for many HEADs, then 200 and a cached image', async () => {
    const { accountId, sign } = await newsletter();
    const url = sign(image('once'));
    const started = Date.now();
    const first = await app.request(url, { method: 'HEAD' });
    expect(first.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(1500); // the page alone takes 1.5 s to answer
    expect(await first.text()).toBe('');
    expect(first.headers.get('location')).toMatch(/^\/v1\/jobs\/job_/);
    expect(first.headers.get('x-frameshot-credits')).toBe('3');
    const again = await app.request(url, { method: 'HEAD' });
    expect(again.status).toBe(202);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(again.headers.get('x-frameshot-credits')).toBe('0');

    // Once the job is done, HEAD says cached and the signed image is a free cache hit.
    let warm = again;
    for (let i = 0; i < 150 && warm.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 200));
      warm = await app.request(url, { method: 'HEAD' });
    }
    expect(warm.status).toBe(200);
    expect(warm.headers.get('x-frameshot-cache')).toBe('HIT');
    const get = await app.request(url);
    expect(get.status).toBe(302);
    expect(get.headers.get('x-frameshot-cache')).toBe('HIT');
    expect((await balanceAndLedger(deps, accountId)).balance).toBe(17);
  });

  it('makes a GET that arrives during the warm-up wait for it: one render, one charge', async () => {
    const { accountId, sign } = await newsletter();
    const url = sign(image('racing'));
    expect((await app.request(url, { method: 'HEAD' })).status).toBe(202);
    const get = await app.request(url);
    expect(get.status).toBe(302);
    expect(get.headers.get('x-frameshot-cache')).toBe('HIT');
    expect(get.headers.get('x-frameshot-credits')).toBe('0');
    expect((await balanceAndLedger(deps, accountId)).balance).toBe(17);
  });

  it('is refused like the GET when the signature is wrong', async () => {
    const { sign } = await newsletter();
    const url = sign(image('tampered')).replace('warm%3Dtampered', 'warm%3Dother');
    expect((await app.request(url, { method: 'HEAD' })).status).toBe(401);
  });
});
