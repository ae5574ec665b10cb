import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import type { Deps } from '../../lib/deps.ts';
import { startLocalWorkers } from '../../lib/local/workers.ts';
import { getJob } from '../../lib/store/jobs.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { balanceAndLedger, call, captureDeps, createTestAccount, type TestApp } from '../helpers/stack.ts';

let deps: Deps;
let app: TestApp;
let site: FixtureServer;

beforeAll(async () => {
  deps = captureDeps({ FRAMESHOT_JOB_RETRY_SECONDS: '0' });
  app = buildApp(deps);
  site = await startFixtureServer();
});

afterAll(async () => {
  await deps.browser.close();
  await site.close();
});

describe('usage', () => {
  it('equals the ledger after captures, cache hits, refunds and test-key captures', async () => {
    const live = await createTestAccount(deps, { credits: 100 });
    const url = `${site.origin}/basic.html?usage=${live.accountId}`;
    const post = (path: string, body: object, key = live.apiKey) => call(app, 'POST', path, { key, body });
    expect((await post('/v1/raw', { url })).status).toBe(201); // 1
    expect((await post('/v1/raw', { url })).json.cached).toBe(true); // 0
    expect((await post('/v1/capture', { url, full_page: true })).status).toBe(201); // 3 + 1
    expect((await post('/v1/capture', { url: `${site.origin}/status/500` })).status).toBe(422); // 3, refunded
    // A test key of the same account: renders for free.
    const { createApiKey } = await import('../../lib/store/api-keys.ts');
    const { apiKey: testKey } = await createApiKey(deps.table, {
      accountId: live.accountId,
      test: true,
      now: Date.now(),
    });
    expect((await post('/v1/raw', { url: `${url}&t=1` }, testKey)).json.credits_used).toBe(0);

    const usage = await call(app, 'GET', '/v1/usage', { key: live.apiKey });
    const { balance, entries } = await balanceAndLedger(deps, live.accountId);
    const debits = entries.filter((e) => e.kind === 'debit');
    const refunds = entries.filter((e) => e.kind === 'refund');
    const used = -debits.reduce((n, e) => n + e.amount, 0) - refunds.reduce((n, e) => n + e.amount, 0);
    expect(usage.json.credits_remaining).toBe(balance);
    expect(usage.json.credits_remaining).toBe(100 - 5);
    expect(usage.json.last_30_days).toEqual({
      render_count: debits.length - refunds.length,
      credits_used: used,
    });
    expect(usage.json.last_30_days).toEqual({ render_count: 2, credits_used: 5 });
    const today = usage.json.daily_breakdown.at(-1);
    expect(today).toEqual({ day: new Date().toISOString().slice(0, 10), renders: 2, credits: 5 });
  });
});

describe('concurrent captures', () => {
  it('refuse a sync capture over the plan limit with 429 and nothing charged', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { plan: 'free', credits: 10 });
    const slow = call(app, 'POST', '/v1/raw', {
      key: apiKey,
      body: { url: `${site.origin}/slow?ms=2500&n=1&account=${accountId}` },
    });
    // Its page is loading, so it holds the account's one slot (taken before the browser starts).
    const loading = () => site.requests('/slow').some((r) => r.query.get('account') === accountId);
    for (let waited = 0; !loading(); waited += 50) {
      if (waited > 20_000) throw new Error('the first capture never reached its page');
      await new Promise((r) => setTimeout(r, 50));
    }
    const second = await call(app, 'POST', '/v1/raw', {
      key: apiKey,
      body: { url: `${site.origin}/basic.html?n=2` },
    });
    expect(second.status).toBe(429);
    expect(second.json.error).toMatchObject({ code: 'rate_limited' });
    expect(second.json.error.message).toMatch(/1 capture in flight/);
    expect(second.headers.get('retry-after')).toBe('2');
    expect((await slow).status).toBe(201);
    expect((await balanceAndLedger(deps, accountId)).balance).toBe(9);
    // The slot is free again.
    expect(
      (await call(app, 'POST', '/v1/raw', { key: apiKey, body: { url: `${site.origin}/basic.html?n=3` } }))
        .status,
    ).toBe(201);
  });

  it('let async captures over the limit wait in the queue instead of failing', async () => {
    const workers = startLocalWorkers(deps, { waitSeconds: 1 });
    try {
      const { apiKey } = await createTestAccount(deps, { plan: 'free', credits: 10 });
      const ids = await Promise.all(
        [1, 2, 3].map(async (n) => {
          const res = await call(app, 'POST', '/v1/raw', {
            key: apiKey,
            body: { url: `${site.origin}/slow?ms=800&q=${n}`, async: true },
          });
          expect(res.status).toBe(202);
          return res.json.job_id as string;
        }),
      );
      const deadline = Date.now() + 60_000;
      let jobs = await Promise.all(ids.map((id) => getJob(deps.table, id)));
      while (jobs.some((j) => j?.status === 'pending') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 300));
        jobs = await Promise.all(ids.map((id) => getJob(deps.table, id)));
      }
      expect(jobs.map((j) => j?.status)).toEqual(['completed', 'completed', 'completed']);
      expect(jobs.map((j) => j?.attempts)).toEqual([1, 1, 1]);
      // One at a time: no two captures overlapped.
      const spans = jobs
        .map((j) => [Date.parse(j!.started_at!), Date.parse(j!.completed_at!)] as const)
        .sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < spans.length; i++)
        expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1] - 50);
    } finally {
      await workers.stop();
    }
  });
});
