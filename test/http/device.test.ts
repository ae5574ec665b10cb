import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import type { Deps } from '../../lib/deps.ts';
import { call, createTestAccount, type TestApp, testDeps } from '../helpers/stack.ts';

let deps: Deps;
let app: TestApp;
let clock = Date.now();

beforeAll(() => {
  deps = { ...testDeps(), now: () => clock };
  const served = buildApp(deps);
  // A client address of its own: the login routes are limited per address, and requests
  // without one share a budget with every other file of the run.
  const from = { requestContext: { http: { sourceIp: '192.0.2.201' } } };
  app = { ...served, request: (input, init) => served.request(input, init, from) } as TestApp;
});

const approve = (userCode: string, apiKey: string) =>
  app.request('/device', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ user_code: userCode, api_key: apiKey }).toString(),
  });

describe('CLI login (device authorization grant)', () => {
  it('hands the CLI a new key of the approving account, exactly once', async () => {
    const owner = await createTestAccount(deps, { scopes: ['capture', 'usage'] });
    const start = await call(app, 'POST', '/v1/device/code');
    expect(start.status).toBe(200);
    expect(start.json).toMatchObject({
      device_code: expect.any(String),
      user_code: expect.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/),
      verification_uri: `${deps.config.publicBaseUrl}/device`,
      expires_in: 900,
      interval: 5,
    });
    expect(start.json.verification_uri_complete).toContain(start.json.user_code);

    const poll = () =>
      call(app, 'POST', '/v1/device/token', { body: { device_code: start.json.device_code } });
    const pending = await poll();
    expect(pending.status).toBe(400);
    expect(pending.json.error.code).toBe('authorization_pending');
    expect((await poll()).json.error.code).toBe('slow_down');
    clock += 5_000;

    const page = await app.request(`/device?code=${start.json.user_code.toLowerCase().replace('-', '')}`);
    const html = await page.text();
    expect(html).toContain(`value="${start.json.user_code}"`);
    expect((await approve(start.json.user_code, 'sf_live_nope')).status).toBe(400);
    const approved = await approve(start.json.user_code.replace('-', ' '), owner.apiKey);
    expect(approved.status).toBe(200);
    expect(await approved.text()).toContain('approved');

    const granted = await poll();
    expect(granted.status).toBe(200);
    expect(granted.json).toMatchObject({
      account_id: owner.accountId,
      api_key: expect.stringMatching(/^sf_live_/),
    });
    expect(granted.json.api_key).not.toBe(owner.apiKey);
    const usage = await call(app, 'GET', '/v1/usage', { key: granted.json.api_key });
    expect(usage.status).toBe(200);
    // Same scopes as the approving key.
    expect((await call(app, 'GET', '/v1/renders', { key: granted.json.api_key })).status).toBe(403);

    clock += 5_000;
    const again = await poll();
    expect(again.status).toBe(400);
    expect(again.json.error.code).toBe('expired_token');
  });

  it('expires codes after 900 s', async () => {
    const owner = await createTestAccount(deps);
    const start = await call(app, 'POST', '/v1/device/code');
    clock += 901_000;
    const res = await approve(start.json.user_code, owner.apiKey);
    expect(res.status).toBe(400);
    const poll = await call(app, 'POST', '/v1/device/token', {
      body: { device_code: start.json.device_code },
    });
    expect(poll.json.error.code).toBe('expired_token');
  });

  it('rejects a token request without a device code', async () => {
    const res = await call(app, 'POST', '/v1/device/token', { body: {} });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'invalid_params', details: [{ path: 'device_code' }] });
  });
});
