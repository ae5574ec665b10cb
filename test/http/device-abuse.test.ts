import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import type { Deps } from '../../lib/deps.ts';
import { DEVICE_LIMITS } from '../../lib/http/routes/device.ts';
import { createTestAccount, type TestApp, testDeps } from '../helpers/stack.ts';

let deps: Deps;
let app: TestApp;
let clock = Date.now();

beforeAll(() => {
  deps = { ...testDeps(), now: () => clock };
  app = buildApp(deps);
});

/** What @hono/node-server hands the app: the request's socket. */
const fromSocket = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });
/** What API Gateway (HTTP API) hands the Lambda adapter. */
const fromApiGateway = (address: string) => ({ requestContext: { http: { sourceIp: address } } });

type Env = ReturnType<typeof fromSocket> | ReturnType<typeof fromApiGateway>;

const startLogin = (env: Env, headers: Record<string, string> = {}) =>
  app.request('/v1/device/code', { method: 'POST', headers }, env);

const approve = (env: Env, fields: Record<string, string>) =>
  app.request(
    '/device',
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    },
    env,
  );

/** `n` requests one after the other; their statuses. */
async function statuses(n: number, send: () => Response | Promise<Response>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await send()).status);
  return out;
}

describe('POST /v1/device/code per client address', () => {
  it(`starts ${DEVICE_LIMITS.codes} logins a minute from one address, then answers 429 with Retry-After`, async () => {
    const address = fromSocket('198.51.100.10');
    expect(await statuses(DEVICE_LIMITS.codes, () => startLogin(address))).toEqual(
      Array(DEVICE_LIMITS.codes).fill(200),
    );
    const refused = await startLogin(address);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toEqual({
      error: {
        code: 'rate_limited',
        message: expect.stringContaining(`at most ${DEVICE_LIMITS.codes} per minute`),
        retry_after: retryAfter,
      },
    });

    // Another address has its own budget; this one gets its back once the window moves on.
    expect((await startLogin(fromSocket('198.51.100.11'))).status).toBe(200);
    clock += retryAfter * 1000;
    expect((await startLogin(address)).status).toBe(200);
  });

  it('counts the address API Gateway saw, whatever X-Forwarded-For claims', async () => {
    const address = fromApiGateway('203.0.113.20');
    const sent = await statuses(DEVICE_LIMITS.codes + 1, () =>
      startLogin(address, { 'X-Forwarded-For': `192.0.2.${Math.floor(Math.random() * 250)}` }),
    );
    expect(sent.at(-1)).toBe(429);
  });

  it('counts an IPv6 client by its /64, and an IPv4-mapped address as its IPv4 address', async () => {
    let host = 0;
    const sent = await statuses(DEVICE_LIMITS.codes + 1, () =>
      startLogin(fromSocket(`2001:db8:5:6::${(++host).toString(16)}`)),
    );
    expect(sent.at(-1)).toBe(429);

    const v4 = await statuses(DEVICE_LIMITS.codes, () => startLogin(fromSocket('198.51.100.30')));
    expect(v4.every((s) => s === 200)).toBe(true);
    expect((await startLogin(fromSocket('::ffff:198.51.100.30'))).status).toBe(429);
  });

  it('limits a client reaching the server over a real socket', async () => {
    // Over IPv6 loopback: the address's budget is its own (other files of a run start logins
    // from 127.0.0.1 over sockets). A shifted clock cannot isolate it: the limiter's slots hold
    // admission times, and admissions stamped by another clock count as busy for the window.
    const served = buildApp(testDeps());
    const listen = (hostname: string) =>
      new Promise<http.Server>((resolve, reject) => {
        const s = serve({ fetch: served.fetch, port: 0, hostname }, () => resolve(s as http.Server));
        (s as http.Server).once('error', reject);
      });
    const server = await listen('::1').catch(() => listen('127.0.0.1'));
    try {
      const { address, port } = server.address() as AddressInfo;
      const host = address.includes(':') ? `[${address}]` : address;
      const url = `http://${host}:${port}/v1/device/code`;
      const sent = await statuses(DEVICE_LIMITS.codes + 1, () => fetch(url, { method: 'POST' }));
      expect(sent.slice(0, -1)).toEqual(Array(DEVICE_LIMITS.codes).fill(200));
      expect(sent.at(-1)).toBe(429);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('the approval page per client address', () => {
  it(`answers ${DEVICE_LIMITS.page} page requests a minute, GET and POST together, then 429`, async () => {
    const address = fromSocket('198.51.100.40');
    const half = DEVICE_LIMITS.page / 2;
    const gets = await statuses(half, () => app.request('/device', {}, address));
    const posts = await statuses(half, () =>
      approve(address, { user_code: 'ABCD-EFGH', api_key: 'sf_live_guess' }),
    );
    expect(gets.every((s) => s === 200)).toBe(true);
    expect(posts.every((s) => s === 400)).toBe(true); // unknown code, but answered
    for (const refused of [
      await app.request('/device', {}, address),
      await approve(address, { user_code: 'ABCD-EFGH', api_key: 'sf_live_guess' }),
    ]) {
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await refused.json()).error.code).toBe('rate_limited');
    }
    // Starting a login is a budget of its own.
    expect((await startLogin(address)).status).toBe(200);
  });
});

describe('user codes on the approval page', () => {
  const huge = 'A'.repeat(200 * 1024);

  it('refuses a 200 KB code with 400 naming the code, without looking it up', async () => {
    const owner = await createTestAccount(deps);
    const res = await approve(fromSocket('198.51.100.50'), { user_code: huge, api_key: owner.apiKey });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('That code is too long');
    expect(page).not.toContain(huge.slice(0, 100));
  });

  it('refuses a code longer than its format, and one of the wrong shape, with 400', async () => {
    const owner = await createTestAccount(deps);
    const address = fromSocket('198.51.100.51');
    for (const user_code of ['ABCD-EFGH-'.repeat(4), '---', 'ABCDEFGHJ', '']) {
      const res = await approve(address, { user_code, api_key: owner.apiKey });
      expect(res.status, user_code).toBe(400);
      expect(await res.text()).toContain('A code is 8 letters and digits like XXXX-XXXX');
    }
  });

  it('refuses a 200 KB code in the page link with 400, and still fills in a real one', async () => {
    const address = fromSocket('198.51.100.52');
    const long = await app.request(`/device?code=${huge}`, {}, address);
    expect(long.status).toBe(400);
    expect(await long.text()).toContain('That code is too long');
    const start = await (await startLogin(address)).json();
    const filled = await app.request(`/device?code=${start.user_code}`, {}, address);
    expect(filled.status).toBe(200);
    expect(await filled.text()).toContain(`value="${start.user_code}"`);
  });
});
