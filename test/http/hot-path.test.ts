/**
 * The hot path (issue #20): warm requests read keys and accounts from the process's memo, read
 * alongside the rate-limit write, and make no DynamoDB call they do not need — counted on the
 * real SDK against DynamoDB Local. Revocation reaches other processes within the memo's TTL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import type { Deps } from '../../lib/deps.ts';
import { setLimits } from '../../lib/store/accounts.ts';
import { revokeApiKey } from '../../lib/store/api-keys.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import {
  balanceAndLedger,
  call,
  captureDeps,
  createTestAccount,
  type TestApp,
  testDeps,
} from '../helpers/stack.ts';

/** The DynamoDB commands `deps` sends while `run` runs. */
function counter(deps: Deps) {
  let calls: string[] | undefined;
  deps.aws.dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      calls?.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countDynamoCalls' },
  );
  return async (run: () => Promise<unknown>) => {
    calls = [];
    await run();
    const seen = calls.sort();
    calls = undefined;
    return seen;
  };
}

describe('a warm request', () => {
  let deps: Deps;
  let app: TestApp;
  let site: FixtureServer;
  let count: ReturnType<typeof counter>;

  beforeAll(async () => {
    deps = captureDeps();
    app = buildApp(deps);
    count = counter(deps);
    site = await startFixtureServer();
  });
  afterAll(async () => {
    await deps?.browser.close();
    await site?.close();
  });

  it('makes two DynamoDB calls on a cache hit: the rate-limit write and the cache read', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { credits: 10 });
    const body = { url: `${site.origin}/basic.html?hot-path`, device: 'iphone-16-pro' };
    const first = await call(app, 'POST', '/v1/capture', { key: apiKey, body });
    expect(first.json).toMatchObject({ cached: false, credits_used: 3 });
    let hit: Awaited<ReturnType<typeof call>> | undefined;
    const calls = await count(async () => {
      hit = await call(app, 'POST', '/v1/capture', { key: apiKey, body });
    });
    expect(hit!.json).toMatchObject({ id: first.json.id, cached: true, credits_used: 0 });
    expect(calls).toEqual(['QueryCommand', 'UpdateItemCommand']);
    expect((await balanceAndLedger(deps, accountId)).balance).toBe(7);
  });

  it('admits a client sending one request after another from its lease: often the cache read alone', async () => {
    const { apiKey } = await createTestAccount(deps, { credits: 10, limits: { requests_per_minute: 100 } });
    const body = { url: `${site.origin}/basic.html?hot-path-lease`, device: 'iphone-16-pro' };
    expect((await call(app, 'POST', '/v1/capture', { key: apiKey, body })).json.cached).toBe(false);
    const perHit: string[][] = [];
    for (let i = 0; i < 8; i++) {
      perHit.push(
        await count(async () => {
          const hit = await call(app, 'POST', '/v1/capture', { key: apiKey, body });
          expect(hit.json).toMatchObject({ cached: true, credits_used: 0 });
          expect(hit.headers.get('ratelimit-remaining')).toMatch(/^\d+$/);
        }),
      );
    }
    // A rate-limit write claims slots ahead (1, 2, 4…, billing/rate-limit-store): the hits
    // between its writes make one call, the cache read.
    const writes = perHit.filter((calls) => calls.includes('UpdateItemCommand')).length;
    expect(writes).toBeLessThanOrEqual(4);
    for (const calls of perHit)
      expect(calls.filter((c) => c !== 'UpdateItemCommand')).toEqual(['QueryCommand']);
  });

  it('reads the balance afresh on GET /v1/usage, alongside the rate-limit write', async () => {
    const { apiKey } = await createTestAccount(deps, { credits: 10 });
    expect((await call(app, 'GET', '/v1/usage', { key: apiKey })).status).toBe(200);
    let usage: Awaited<ReturnType<typeof call>> | undefined;
    const calls = await count(async () => {
      usage = await call(app, 'GET', '/v1/usage', { key: apiKey });
    });
    expect(usage!.json.credits_remaining).toBe(10);
    expect(calls).toEqual(['GetItemCommand', 'QueryCommand', 'UpdateItemCommand']);
  });

  it('still answers a rate-limited cache hit with 429 and charges nothing', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, {
      credits: 10,
      limits: { requests_per_minute: 2 },
    });
    const body = { url: `${site.origin}/basic.html?hot-path-limited`, device: 'iphone-16-pro' };
    expect((await call(app, 'POST', '/v1/capture', { key: apiKey, body })).json.cached).toBe(false);
    expect((await call(app, 'POST', '/v1/capture', { key: apiKey, body })).json.cached).toBe(true);
    const refused = await call(app, 'POST', '/v1/capture', { key: apiKey, body });
    expect(refused.status).toBe(429);
    expect(refused.json.error.code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const miss = await call(app, 'POST', '/v1/capture', {
      key: apiKey,
      body: { ...body, fresh: true },
      headers: { 'Idempotency-Key': 'hot-path-limited' },
    });
    expect(miss.status).toBe(429);
    const after = await balanceAndLedger(deps, accountId);
    expect(after.balance).toBe(7);
    expect(after.ledgerSum).toBe(7);
  });

  it('does not serve a deleted render from the cache', async () => {
    const { apiKey } = await createTestAccount(deps, { credits: 10 });
    const body = { url: `${site.origin}/basic.html?hot-path-deleted` };
    const first = await call(app, 'POST', '/v1/raw', { key: apiKey, body });
    expect((await call(app, 'DELETE', `/v1/renders/${first.json.id}`, { key: apiKey })).status).toBe(200);
    const again = await call(app, 'POST', '/v1/raw', { key: apiKey, body });
    expect(again.json).toMatchObject({ cached: false });
    expect(again.json.id).not.toBe(first.json.id);
  });
});

describe('the memo of keys and accounts', () => {
  const TTL_MS = 1000;

  it('stops a revoked key at once on its own process and within the TTL on every other', async () => {
    const [a, b] = [
      testDeps({ FRAMESHOT_AUTH_CACHE_MS: String(TTL_MS) }),
      testDeps({ FRAMESHOT_AUTH_CACHE_MS: String(TTL_MS) }),
    ];
    const [appA, appB] = [buildApp(a), buildApp(b)];
    const { apiKey, keyId } = await createTestAccount(a);
    const warmedAt = performance.now();
    expect((await call(appB, 'GET', '/v1/usage', { key: apiKey })).status).toBe(200);
    expect((await call(appA, 'GET', '/v1/usage', { key: apiKey })).status).toBe(200);

    expect(await revokeApiKey(a.table, keyId, Date.now())).toBe(true);
    expect((await call(appA, 'GET', '/v1/usage', { key: apiKey })).status).toBe(401);
    const stale = await call(appB, 'GET', '/v1/usage', { key: apiKey });
    // B remembers the key it read; only checked when the machine was quick enough to ask in time.
    if (performance.now() - warmedAt < TTL_MS / 2) expect(stale.status).toBe(200);

    await new Promise((r) => setTimeout(r, Math.max(0, warmedAt + TTL_MS - performance.now()) + 20));
    const refused = await call(appB, 'GET', '/v1/usage', { key: apiKey });
    expect(refused.status).toBe(401);
    expect(refused.json.error.message).toMatch(/revoked/);
  });

  it('applies a change of limits at once on the process that made it', async () => {
    const { apiKey, accountId } = await createTestAccount(testDeps());
    const deps = testDeps();
    const app = buildApp(deps);
    const before = await call(app, 'GET', '/v1/usage', { key: apiKey });
    expect(before.headers.get('ratelimit-limit')).toBe('300');
    await setLimits(deps.table, accountId, { requests_per_minute: 77 });
    const after = await call(app, 'GET', '/v1/usage', { key: apiKey });
    expect(after.headers.get('ratelimit-limit')).toBe('77');
  });
});
