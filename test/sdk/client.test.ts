/**
 * The SDK as users get it (the built `@frameshot/sdk`) against the real app served over HTTP,
 * backed by the emulators and Chromium: captures, jobs, errors, renders, projects and signed
 * URLs, auth profiles, usage, backgrounds, and a real webhook checked with verifyWebhook.
 */
import { Frameshot, signCaptureUrl, verifyWebhook } from '@frameshot/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalWorkers } from '../../lib/local/workers.ts';
import { type ApiServer, startApiServer } from '../cli/cli.ts';
import { closedPort, type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { createTestAccount } from '../helpers/stack.ts';
import { webhookReceiver } from '../jobs/webhook-receiver.ts';
import { failure } from './failure.ts';

const PNG = [0x89, 0x50, 0x4e, 0x47];
const WEBP = 'WEBP';

let api: ApiServer;
let site: FixtureServer;
let client: Frameshot;
let page: string;

beforeAll(async () => {
  api = await startApiServer();
  site = await startFixtureServer();
  const { apiKey } = await createTestAccount(api.deps, { credits: 1000 });
  client = new Frameshot({ apiKey, baseUrl: api.baseUrl });
  page = `${site.origin}/basic.html`;
});

afterAll(async () => {
  await api?.close();
  await site?.close();
});

/** Follows a render (or signed capture) URL to its bytes. */
async function download(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

describe('captures', () => {
  it('capture returns a render whose url downloads a PNG', async () => {
    const render = await client.capture({ url: page, viewport: { width: 800, height: 600 } });
    expect(render).toMatchObject({ format: 'png', cached: false, credits_used: 3 });
    expect(render.id).toMatch(/^cap_/);
    expect([...(await download(render.url)).slice(0, 4)]).toEqual(PNG);
  });

  describe('with workers', () => {
    let workers: { stop(): Promise<void> };
    beforeAll(() => {
      workers = startLocalWorkers(api.deps, { waitSeconds: 1 });
    });
    afterAll(() => workers?.stop());

    it('raw with async: true waits for the job and returns its render', async () => {
      const render = await client.raw({ url: page, async: true, output: { format: 'webp' } });
      expect(render).toMatchObject({ format: 'webp', credits_used: 1 });
      const bytes = await download(render.url);
      expect(new TextDecoder().decode(bytes.slice(8, 12))).toBe(WEBP);
    });

    it('wait: false hands back the job; jobs.wait resolves it; its webhook verifies', async () => {
      const hook = await webhookReceiver();
      try {
        const accepted = await client.capture(
          { url: `${page}?hook=1`, async: true, webhook_url: hook.url },
          { wait: false },
        );
        expect(accepted).toMatchObject({ status: 'pending' });
        const jobId = (accepted as { job_id: string }).job_id;
        const stages: string[] = [];
        const result = await client.jobs.wait(jobId, { onPoll: (job) => stages.push(job.stage) });
        expect(result.id).toMatch(/^cap_/);
        expect(stages.length).toBeGreaterThan(0);
        expect(await client.jobs.get(jobId)).toMatchObject({ id: jobId, status: 'completed', stage: 'done' });

        for (let i = 0; i < 100 && hook.received.length === 0; i++)
          await new Promise((r) => setTimeout(r, 100));
        const [delivery] = hook.received;
        const headers = delivery!.headers;
        const { webhook_secret: secret } = await client.call('getWebhookSecret');
        const event = await verifyWebhook({ payload: delivery!.body, headers, secret });
        expect(event).toMatchObject({ job_id: jobId, status: 'completed', result: { id: result.id } });

        const tampered = delivery!.body.replace('completed', 'failed');
        const refused = await failure(verifyWebhook({ payload: tampered, headers, secret }));
        expect(refused.code).toBe('invalid_signature');
        const stale = { ...headers, 'webhook-timestamp': String(Math.floor(Date.now() / 1000) - 3600) };
        expect((await failure(verifyWebhook({ payload: delivery!.body, headers: stale, secret }))).code).toBe(
          'invalid_signature',
        );
      } finally {
        await hook.close();
      }
    });

    it('jobs.wait throws the failed job’s error', async () => {
      const accepted = await client.raw({ url: page, selector: '#nowhere', async: true }, { wait: false });
      const err = await failure(client.jobs.wait((accepted as { job_id: string }).job_id));
      expect(err).toMatchObject({ code: 'capture_failed', reason: 'selector_not_found', status: 422 });
      expect(err.jobId).toMatch(/^job_/);
    });
  });
});

describe('errors', () => {
  it('a 400 carries code, details and the request id', async () => {
    const err = await failure(client.capture({ url: page, device: 'nokia-3310' as 'iphone-16-pro' }));
    expect(err).toMatchObject({ status: 400, code: 'invalid_params' });
    expect(err.message).toContain('Invalid device');
    expect(err.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'device' })]));
    expect(err.requestId).toMatch(/^req_/);
  });

  it('a 401 is unauthorized, and an unreachable server a network_error', async () => {
    const stranger = new Frameshot({ apiKey: 'sf_live_not-a-key', baseUrl: api.baseUrl });
    const err = await failure(stranger.usage());
    expect(err).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(err.requestId).toMatch(/^req_/);
    const down = new Frameshot({ apiKey: 'sf_live_x', baseUrl: `http://127.0.0.1:${await closedPort()}` });
    expect(await failure(down.usage())).toMatchObject({ code: 'network_error', status: undefined });
  });
});

describe('renders', () => {
  it('list iterates every render across pages; get and delete work on one', async () => {
    const seen: string[] = [];
    for await (const render of client.renders.list({ limit: 1 })) seen.push(render.id);
    const all = (await client.renders.page({ limit: 100 })).data.map((r) => r.id);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen).toEqual(all);

    const [id] = seen;
    expect(await client.renders.get(id!)).toMatchObject({ id });
    expect(await client.renders.delete(id!)).toEqual({ id, deleted: true });
    expect(await failure(client.renders.get(id!))).toMatchObject({ status: 404, code: 'not_found' });
  });
});

describe('projects and signed URLs', () => {
  it('CRUD, and a signed capture URL answers with the image until it is tampered with', async () => {
    const project = await client.projects.create({ name: 'SDK' });
    expect(project.id).toMatch(/^prj_/);
    expect(await client.projects.get(project.id)).toMatchObject({ name: 'SDK' });
    expect((await client.projects.list()).data.map((p) => p.id)).toContain(project.id);
    expect(await client.projects.update(project.id, { name: 'SDK 2' })).toMatchObject({ name: 'SDK 2' });

    const { signing_secret: secret } = await client.projects.signingSecret(project.id);
    const params = { url: page, viewport: { width: 800, height: 600 } };
    const url = signCaptureUrl({
      baseUrl: api.baseUrl,
      projectId: project.id,
      secret,
      params,
      expiresIn: 600,
    });
    expect([...(await download(url)).slice(0, 4)]).toEqual(PNG);

    const tampered = url.replace('width=800', 'width=801');
    expect((await fetch(tampered, { redirect: 'manual' })).status).toBe(401);

    const rotated = await client.projects.rotateSigningSecret(project.id);
    expect(rotated.signing_secret).not.toBe(secret);
    expect(await client.projects.delete(project.id)).toEqual({ id: project.id, deleted: true });
    expect(await failure(client.projects.get(project.id))).toMatchObject({ code: 'not_found' });
  });
});

describe('auth profiles, usage, backgrounds', () => {
  it('auth profiles: create, list, update, delete', async () => {
    const profile = await client.authProfiles.create({
      name: 'Admin',
      domain: '127.0.0.1',
      cookie_header: 'sid=1',
    });
    expect(profile.id).toMatch(/^ap_/);
    expect((await client.authProfiles.list()).data.map((p) => p.id)).toContain(profile.id);
    expect(await client.authProfiles.update(profile.id, { name: 'Admin 2' })).toMatchObject({
      name: 'Admin 2',
    });
    expect(await client.authProfiles.delete(profile.id)).toEqual({ id: profile.id, deleted: true });
  });

  it('usage reports what the captures cost; backgrounds need no key', async () => {
    const usage = await client.usage();
    expect(usage.plan).toBe('pro');
    expect(usage.last_30_days.credits_used).toBeGreaterThan(0);
    const anonymous = new Frameshot({ apiKey: null, baseUrl: api.baseUrl });
    const list = await anonymous.backgrounds.list({ pack: 'glass', limit: 2 });
    expect(list.backgrounds).toHaveLength(2);
    expect((await anonymous.backgrounds.packs()).packs.length).toBeGreaterThan(0);
  });
});
