import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import { grantCredits, openingCredits } from '../../lib/billing/ledger.ts';
import { renewDueAccounts } from '../../lib/billing/renew-all.ts';
import type { Deps } from '../../lib/deps.ts';
import { createAccount, getAccount } from '../../lib/store/accounts.ts';
import { createApiKey } from '../../lib/store/api-keys.ts';
import { balanceAndLedger, call, createTestAccount, type TestApp, testDeps } from '../helpers/stack.ts';

let deps: Deps;
let app: TestApp;

beforeAll(() => {
  deps = testDeps();
  app = buildApp(deps);
});

describe('the rate limit', () => {
  it('lets exactly 10 of 200 simultaneous requests through on a 10-per-minute plan, and honours Retry-After', async () => {
    let clock = Date.now();
    const timed = { ...deps, now: () => clock };
    const timedApp = buildApp(timed);
    const { apiKey } = await createTestAccount(deps, { plan: 'free' });
    const results = await Promise.all(
      Array.from({ length: 200 }, () => call(timedApp, 'GET', '/v1/renders', { key: apiKey })),
    );
    const ok = results.filter((r) => r.status === 200);
    const limited = results.filter((r) => r.status === 429);
    expect(ok).toHaveLength(10);
    expect(limited).toHaveLength(190);
    const refusal = limited[0]!;
    expect(refusal.json.error.code).toBe('rate_limited');
    const retryAfter = Number(refusal.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 60).toBe(true);
    expect(refusal.headers.get('ratelimit-limit')).toBe('10');
    expect(refusal.headers.get('ratelimit-remaining')).toBe('0');

    clock += retryAfter * 1000 - 1500;
    expect((await call(timedApp, 'GET', '/v1/renders', { key: apiKey })).status).toBe(429);
    clock += 1500;
    expect((await call(timedApp, 'GET', '/v1/renders', { key: apiKey })).status).toBe(200);
  });

  it('is one limit per account across keys and across API processes', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { plan: 'free' });
    const { apiKey: second } = await createApiKey(deps.table, { accountId, test: false, now: Date.now() });
    const other = buildApp(testDeps());
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        call(i % 2 ? app : other, 'GET', '/v1/renders', { key: i % 3 ? apiKey : second }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(10);
  });

  it('admits 150 simultaneous requests of one account far below its limit: none is refused', async () => {
    const { apiKey } = await createTestAccount(deps, { limits: { requests_per_minute: 1000 } });
    const results = await Promise.all(
      Array.from({ length: 150 }, () => call(app, 'GET', '/v1/renders', { key: apiKey })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(150).fill(200));
    // Each request is told its own place in the window.
    const remaining = results.map((r) => Number(r.headers.get('ratelimit-remaining')));
    expect(new Set(remaining).size).toBe(150);
    expect(Math.min(...remaining)).toBe(850);
  });

  it('holds one exact limit when two API processes each take 100 simultaneous requests', async () => {
    const { apiKey } = await createTestAccount(deps, { limits: { requests_per_minute: 30 } });
    const processes = [app, buildApp(testDeps())];
    const results = await Promise.all(
      processes.flatMap((p) =>
        Array.from({ length: 100 }, () => call(p, 'GET', '/v1/renders', { key: apiKey })),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(30);
    expect(results.filter((r) => r.status === 429)).toHaveLength(170);
  });

  it('puts RateLimit headers on every authenticated response, errors included', async () => {
    const { apiKey } = await createTestAccount(deps);
    const ok = await call(app, 'GET', '/v1/renders', { key: apiKey });
    expect(ok.headers.get('ratelimit-limit')).toBe('300');
    expect(Number(ok.headers.get('ratelimit-remaining'))).toBe(299);
    expect(Number(ok.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    const missing = await call(app, 'GET', '/v1/renders/cap_01ARZ3NDEKTSV4RRFFQ69G5FAV', { key: apiKey });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('ratelimit-remaining')).toBe('298');
  });

  it('applies before credits: a rate-limited capture charges nothing', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, {
      plan: 'free',
      credits: 50,
      limits: { requests_per_minute: 1 },
    });
    await call(app, 'GET', '/v1/renders', { key: apiKey });
    const res = await call(app, 'POST', '/v1/raw', { key: apiKey, body: { url: 'https://example.com' } });
    expect(res.status).toBe(429);
    expect((await balanceAndLedger(deps, accountId)).balance).toBe(50);
  });
});

describe('monthly renewal', () => {
  async function accountStartedAt(start: number, plan = 'free') {
    const account = await createAccount(deps.table, { name: 'renewal', plan, now: start });
    await openingCredits(deps.table, account.id, 200, start);
    const { apiKey } = await createApiKey(deps.table, { accountId: account.id, test: false, now: start });
    return { account, apiKey };
  }

  it('tops monthly credits up to the plan once, even under concurrent first requests; top-ups stay', async () => {
    const start = Date.now() - 40 * 24 * 3600 * 1000;
    const { account, apiKey } = await accountStartedAt(start);
    // Spend 150 of the monthly 200, then buy 30: 80 left, 30 of them a top-up.
    const { appendEntry } = await import('../../lib/billing/ledger.ts');
    await appendEntry(deps.table, {
      accountId: account.id,
      amount: -150,
      kind: 'debit',
      ref: 'cap_spent',
      now: start,
    });
    await grantCredits(deps.table, account.id, 30, start);

    const many = buildApp(testDeps());
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => call(i % 2 ? app : many, 'GET', '/v1/usage', { key: apiKey })),
    );
    const after = await balanceAndLedger(deps, account.id);
    expect(after.entries.filter((e) => e.kind === 'renewal')).toHaveLength(1);
    expect(after.balance).toBe(200 + 30);
    expect(after.ledgerSum).toBe(after.balance);
    const renewed = await getAccount(deps.table, account.id);
    expect(Date.parse(renewed!.period_start)).toBeGreaterThan(start);
    expect(Date.parse(renewed!.period_start)).toBeLessThanOrEqual(Date.now());
  });

  it('does not let unused monthly credits stack', async () => {
    const { account, apiKey } = await accountStartedAt(Date.now() - 35 * 24 * 3600 * 1000);
    const usage = await call(app, 'GET', '/v1/usage', { key: apiKey });
    expect(usage.json.credits_remaining).toBe(200);
    const { entries } = await balanceAndLedger(deps, account.id);
    expect(entries.find((e) => e.kind === 'renewal')?.amount).toBe(0);
  });

  it('is also done by the scheduled function for quiet accounts, idempotently', async () => {
    const { account } = await accountStartedAt(Date.now() - 70 * 24 * 3600 * 1000);
    await Promise.all([
      renewDueAccounts(deps.table, deps.config.plans, Date.now()),
      renewDueAccounts(deps.table, deps.config.plans, Date.now()),
    ]);
    await renewDueAccounts(deps.table, deps.config.plans, Date.now());
    const { entries, balance, ledgerSum } = await balanceAndLedger(deps, account.id);
    expect(entries.filter((e) => e.kind === 'renewal')).toHaveLength(1);
    expect(balance).toBe(ledgerSum);
  });
});

describe('GET /v1/usage', () => {
  it('has the contract shape', async () => {
    const { apiKey } = await createTestAccount(deps, { plan: 'starter', credits: 40 });
    const res = await call(app, 'GET', '/v1/usage', { key: apiKey });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      credits_remaining: 40,
      credits_monthly: 2000,
      plan: 'starter',
      period_end: expect.stringMatching(/Z$/),
      last_30_days: { render_count: 0, credits_used: 0 },
    });
    expect(res.json.daily_breakdown).toHaveLength(30);
    expect(res.json.daily_breakdown[29]).toEqual({
      day: new Date().toISOString().slice(0, 10),
      renders: 0,
      credits: 0,
    });
  });

  it('needs the usage scope', async () => {
    const { apiKey } = await createTestAccount(deps, { scopes: ['capture'] });
    expect((await call(app, 'GET', '/v1/usage', { key: apiKey })).status).toBe(403);
  });
});
