import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import type { Deps } from '../../lib/deps.ts';
import { call, createTestAccount, type TestAccount, type TestApp, testDeps } from '../helpers/stack.ts';

let deps: Deps;
let app: TestApp;
let account: TestAccount;

beforeAll(async () => {
  deps = testDeps();
  app = buildApp(deps);
  account = await createTestAccount(deps);
});

function expectEnvelope(res: Awaited<ReturnType<typeof call>>, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  expect(res.json).toMatchObject({ error: { code, message: expect.any(String) } });
  expect(res.json.error.message.length).toBeGreaterThan(10);
  expect(res.text).not.toMatch(/\bat .*\.ts:\d+/);
  expect(res.headers.get('x-request-id')).toMatch(/\S{8,}/);
}

describe('the error envelope', () => {
  it('answers an unknown route with 404 not_found', async () => {
    const res = await call(app, 'GET', '/v1/nothing-here', { key: account.apiKey });
    expectEnvelope(res, 404, 'not_found');
    expect(res.json.error.message).toContain('/v1/nothing-here');
  });

  it('answers a wrong method with 405 and an Allow header', async () => {
    const res = await call(app, 'POST', '/health');
    expectEnvelope(res, 405, 'method_not_allowed');
    expect(res.headers.get('allow')).toContain('GET');
  });

  it('answers a body over 256 KiB with 413 payload_too_large', async () => {
    const res = await call(app, 'DELETE', '/v1/renders/cap_01ARZ3NDEKTSV4RRFFQ69G5FAV', {
      key: account.apiKey,
      raw: JSON.stringify({ pad: 'x'.repeat(300 * 1024) }),
    });
    expectEnvelope(res, 413, 'payload_too_large');
  });

  it('answers a missing key with 401 and WWW-Authenticate', async () => {
    const res = await call(app, 'GET', '/v1/renders');
    expectEnvelope(res, 401, 'unauthorized');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('answers a malformed Authorization header with 401', async () => {
    const res = await call(app, 'GET', '/v1/renders', { headers: { Authorization: 'Token abc' } });
    expectEnvelope(res, 401, 'unauthorized');
  });

  it('answers a bad query parameter with 400 invalid_params naming the field', async () => {
    const res = await call(app, 'GET', '/v1/renders?limit=5000', { key: account.apiKey });
    expectEnvelope(res, 400, 'invalid_params');
    expect(res.json.error.message).toContain('limit');
    expect(res.json.error.details).toEqual([
      { path: 'limit', message: expect.stringContaining('between 1 and 100') },
    ]);
  });

  it('turns an uncaught exception into 500 internal_error with the request id and no stack', async () => {
    const broken = buildApp(deps);
    broken.get('/boom', () => {
      throw new TypeError('secret internals at /work/main/lib/x.ts:12');
    });
    const res = await call(broken, 'GET', '/boom', { headers: { 'X-Request-Id': 'req-test-12345' } });
    expectEnvelope(res, 500, 'internal_error');
    expect(res.json.error.message).toContain('req-test-12345');
    expect(res.text).not.toContain('secret internals');
    expect(res.headers.get('x-request-id')).toBe('req-test-12345');
  });

  it('answers 503 unavailable from /ready when a backing service is down', async () => {
    const down = buildApp(
      testDeps({ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9', AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9' }),
    );
    const res = await call(down, 'GET', '/ready');
    expectEnvelope(res, 503, 'unavailable');
    expect(res.json.error.checks.dynamodb.ok).toBe(true);
    expect(res.json.error.checks.s3.ok).toBe(false);
    expect(res.json.error.message).toContain('s3');
  });
});

describe('system routes', () => {
  it('reports liveness and readiness', async () => {
    expect((await call(app, 'GET', '/health')).json).toEqual({ status: 'ok' });
    const ready = await call(app, 'GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.json.checks).toMatchObject({ dynamodb: { ok: true }, s3: { ok: true }, sqs: { ok: true } });
  });

  it('serves an OpenAPI document built from the route schemas', async () => {
    const res = await call(app, 'GET', '/openapi.json');
    expect(res.json.openapi).toBe('3.0.3');
    const list = res.json.paths['/v1/renders'].get;
    expect(list['x-scope']).toBe('renders');
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(['limit', 'cursor']);
    expect(res.json.paths['/v1/renders/{id}'].delete).toBeDefined();
  });

  it('serves the interactive reference with its script bundled (no CDN)', async () => {
    const page = await call(app, 'GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.text).toContain('/docs/scalar.js');
    expect(page.text).toContain('/openapi.json');
    const script = await app.request('/docs/scalar.js');
    expect(script.status).toBe(200);
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(1_000_000);
  });
});

afterAll(() => undefined);
