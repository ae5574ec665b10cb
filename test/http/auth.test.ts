import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import type { Deps } from '../../lib/deps.ts';
import { hashKey, revokeApiKey } from '../../lib/store/api-keys.ts';
import { call, createTestAccount, type TestApp, testDeps } from '../helpers/stack.ts';

let deps: Deps;
let app: TestApp;

beforeAll(() => {
  deps = testDeps();
  app = buildApp(deps);
});

describe('API keys', () => {
  it('are random sf_live_/sf_test_ strings with at least 32 bytes of entropy', async () => {
    const live = await createTestAccount(deps);
    const test = await createTestAccount(deps, { test: true });
    expect(live.apiKey).toMatch(/^sf_live_[A-Za-z0-9_-]{43}$/);
    expect(test.apiKey).toMatch(/^sf_test_[A-Za-z0-9_-]{43}$/);
    expect(live.apiKey).not.toBe((await createTestAccount(deps)).apiKey);
  });

  it('are stored only as a SHA-256 hash: the raw key is nowhere in the table', async () => {
    const { apiKey } = await createTestAccount(deps);
    const { Items = [] } = await deps.aws.db.send(new ScanCommand({ TableName: deps.table.name }));
    const dump = JSON.stringify(Items);
    expect(dump).not.toContain(apiKey);
    expect(dump).not.toContain(apiKey.slice(8));
    expect(dump).toContain(hashKey(apiKey));
  });

  it('authenticate by Bearer header or by the api_key query parameter', async () => {
    const { apiKey } = await createTestAccount(deps);
    expect((await call(app, 'GET', '/v1/renders', { key: apiKey })).status).toBe(200);
    expect((await call(app, 'GET', `/v1/renders?api_key=${apiKey}`)).status).toBe(200);
  });

  it('reject an unknown key with 401', async () => {
    const res = await call(app, 'GET', '/v1/renders', { key: `sf_live_${'A'.repeat(43)}` });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('unauthorized');
  });

  it('reject a revoked key with 401', async () => {
    const { apiKey, keyId } = await createTestAccount(deps);
    expect((await call(app, 'GET', '/v1/renders', { key: apiKey })).status).toBe(200);
    expect(await revokeApiKey(deps.table, keyId, deps.now())).toBe(true);
    const res = await call(app, 'GET', '/v1/renders', { key: apiKey });
    expect(res.status).toBe(401);
    expect(res.json.error.message).toMatch(/revoked/);
  });

  it('without the route scope get 403 forbidden_scope naming the scope', async () => {
    const { apiKey } = await createTestAccount(deps, { scopes: ['capture', 'raw'] });
    const res = await call(app, 'GET', '/v1/renders', { key: apiKey });
    expect(res.status).toBe(403);
    expect(res.json.error).toMatchObject({ code: 'forbidden_scope', scope: 'renders' });
    expect(res.json.error.message).toContain('"renders"');
  });

  it("never show another account's render: 404, not 403", async () => {
    const owner = await createTestAccount(deps);
    const other = await createTestAccount(deps);
    const { putRender } = await import('../../lib/store/renders.ts');
    const { newId } = await import('../../lib/ids.ts');
    const id = newId('cap');
    const now = deps.now();
    await putRender(deps.table, {
      id,
      account_id: owner.accountId,
      format: 'png',
      content_type: 'image/png',
      width: 10,
      height: 10,
      bytes: 100,
      s3_key: `renders/${owner.accountId}/${id}.png`,
      source_url: 'https://example.com/',
      kind: 'raw',
      test: false,
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + 3_600_000).toISOString(),
      duration_ms: 1,
      warnings: [],
    });
    expect((await call(app, 'GET', `/v1/renders/${id}`, { key: owner.apiKey })).status).toBe(200);
    const res = await call(app, 'GET', `/v1/renders/${id}`, { key: other.apiKey });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('not_found');
    expect((await call(app, 'DELETE', `/v1/renders/${id}`, { key: other.apiKey })).status).toBe(404);
    const list = await call(app, 'GET', '/v1/renders', { key: other.apiKey });
    expect(list.json.data).toEqual([]);
  });
});
