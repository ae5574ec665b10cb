import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import type { Deps } from '../../lib/deps.ts';
import { call, createTestAccount, type TestAccount, type TestApp, testDeps } from '../helpers/stack.ts';

let deps: Deps;
let app: TestApp;
let owner: TestAccount;
let other: TestAccount;
let clock = Date.now();

beforeAll(async () => {
  deps = { ...testDeps(), now: () => clock };
  app = buildApp(deps);
  owner = await createTestAccount(deps);
  other = await createTestAccount(deps);
});

describe('projects', () => {
  it('are created, listed, read, changed and deleted by their account only', async () => {
    const created = await call(app, 'POST', '/v1/projects', {
      key: owner.apiKey,
      body: {
        name: 'Marketing site',
        defaults: { device: 'macbook-pro-16', background_preset: 'ocean', output: { format: 'webp' } },
        brand: { name: 'Lumen', colors: { primary: '#4f46e5' }, font: 'Inter, sans-serif', dark_mode: true },
      },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      id: expect.stringMatching(/^prj_/),
      name: 'Marketing site',
      signed_url_max_ttl: 365 * 24 * 3600,
      defaults: { device: 'macbook-pro-16' },
    });
    expect(JSON.stringify(created.json)).not.toMatch(/secret/);
    const id = created.json.id;
    expect(
      (await call(app, 'GET', '/v1/projects', { key: owner.apiKey })).json.data.map(
        (p: { id: string }) => p.id,
      ),
    ).toContain(id);
    expect((await call(app, 'GET', '/v1/projects', { key: other.apiKey })).json.data).toEqual([]);
    expect((await call(app, 'GET', `/v1/projects/${id}`, { key: other.apiKey })).status).toBe(404);
    expect(
      (await call(app, 'PATCH', `/v1/projects/${id}`, { key: other.apiKey, body: { name: 'x' } })).status,
    ).toBe(404);
    expect((await call(app, 'DELETE', `/v1/projects/${id}`, { key: other.apiKey })).status).toBe(404);
    expect((await call(app, 'GET', `/v1/projects/${id}/signing-secret`, { key: other.apiKey })).status).toBe(
      404,
    );

    const patched = await call(app, 'PATCH', `/v1/projects/${id}`, {
      key: owner.apiKey,
      body: { name: 'Site', signed_url_max_ttl: 3600 },
    });
    expect(patched.json).toMatchObject({
      name: 'Site',
      signed_url_max_ttl: 3600,
      defaults: { device: 'macbook-pro-16' },
    });
    expect((await call(app, 'DELETE', `/v1/projects/${id}`, { key: owner.apiKey })).json).toEqual({
      id,
      deleted: true,
    });
    expect((await call(app, 'GET', `/v1/projects/${id}`, { key: owner.apiKey })).status).toBe(404);
  });

  it('reject defaults that would make invalid captures, naming the field', async () => {
    const res = await call(app, 'POST', '/v1/projects', {
      key: owner.apiKey,
      body: { name: 'Bad', defaults: { device: 'pixel-9', url: 'https://x.com' } },
    });
    expect(res.status).toBe(400);
    const messages = res.json.error.details.map((d: { message: string }) => d.message).join('\n');
    expect(messages).toMatch(/defaults\.device: Invalid device/);
    expect(messages).toMatch(/defaults\.url/);
  });

  it('rotate the signing secret, keeping the previous one valid for 24 hours', async () => {
    const { json: project } = await call(app, 'POST', '/v1/projects', {
      key: owner.apiKey,
      body: { name: 'Rotating' },
    });
    const first = await call(app, 'GET', `/v1/projects/${project.id}/signing-secret`, { key: owner.apiKey });
    expect(first.json).toMatchObject({
      signing_secret: expect.stringMatching(/^fss_/),
      webhook_secret: expect.stringMatching(/^whsec_/),
      previous_signing_secret_valid_until: null,
    });
    const rotated = await call(app, 'POST', `/v1/projects/${project.id}/signing-secret/rotate`, {
      key: owner.apiKey,
    });
    expect(rotated.json.signing_secret).not.toBe(first.json.signing_secret);
    expect(Date.parse(rotated.json.previous_signing_secret_valid_until) - clock).toBe(24 * 3600 * 1000);
    clock += 24 * 3600 * 1000 + 1;
    const later = await call(app, 'GET', `/v1/projects/${project.id}/signing-secret`, { key: owner.apiKey });
    expect(later.json.previous_signing_secret_valid_until).toBeNull();
  });

  it('keep their secrets sealed at rest', async () => {
    const { json: project } = await call(app, 'POST', '/v1/projects', {
      key: owner.apiKey,
      body: { name: 'Sealed' },
    });
    const { json: secrets } = await call(app, 'GET', `/v1/projects/${project.id}/signing-secret`, {
      key: owner.apiKey,
    });
    const { Items = [] } = await deps.aws.db.send(new ScanCommand({ TableName: deps.table.name }));
    const dump = JSON.stringify(Items);
    expect(dump).not.toContain(secrets.signing_secret);
    expect(dump).not.toContain(secrets.webhook_secret.slice(6));
  });

  it('need the projects scope', async () => {
    const { apiKey } = await createTestAccount(deps, { scopes: ['capture'] });
    expect((await call(app, 'GET', '/v1/projects', { key: apiKey })).status).toBe(403);
  });
});
