import { describe, expect, it } from 'vitest';
import { createApiKey } from '../../lib/store/api-keys.ts';
import { balanceAndLedger, call, captureApp, createTestAccount, type TestAccount } from '../helpers/stack.ts';

const env = captureApp();

/** An account on the free plan (1 capture in flight) with a profile for the fixture env.site. */
async function accountWithProfile(credits: number) {
  const account = await createTestAccount(env.deps, { plan: 'free', credits });
  const profile = await call(env.app, 'POST', '/v1/auth-profiles', {
    key: account.apiKey,
    body: { name: 'fixture', domain: '127.0.0.1', cookie_header: 'session=abc' },
  });
  expect(profile.status).toBe(201);
  return { ...account, profileId: profile.json.id as string };
}

const testProfile = (account: TestAccount & { profileId: string }, url: string, key = account.apiKey) =>
  call(env.app, 'POST', `/v1/auth-profiles/${account.profileId}/test`, { key, body: { url } });

describe('POST /v1/auth-profiles/{id}/test', () => {
  it('costs 1 credit, like a raw capture, and nothing with a test key', async () => {
    const account = await accountWithProfile(5);
    const res = await testProfile(account, `${env.site.origin}/basic.html?cost=1`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ok: true, status: 200 });
    const after = await balanceAndLedger(env.deps, account.accountId);
    expect(after.balance).toBe(4);
    expect(after.ledgerSum).toBe(4);

    const { apiKey: testKey } = await createApiKey(env.deps.table, {
      accountId: account.accountId,
      test: true,
      now: env.deps.now(),
    });
    expect((await testProfile(account, `${env.site.origin}/basic.html?cost=2`, testKey)).status).toBe(200);
    expect((await balanceAndLedger(env.deps, account.accountId)).balance).toBe(4);
  });

  it('answers 402 with no credits, as /v1/raw does, and loads nothing', async () => {
    const account = await accountWithProfile(0);
    const url = `${env.site.origin}/basic.html?broke=${account.accountId}`;
    const raw = await call(env.app, 'POST', '/v1/raw', { key: account.apiKey, body: { url } });
    const res = await testProfile(account, url);
    expect(raw.status).toBe(402);
    expect(res.status).toBe(402);
    expect(res.json.error).toMatchObject({ code: 'insufficient_credits', credits_required: 1 });
    expect(env.site.log.filter((r) => r.query.get('broke') === account.accountId)).toEqual([]);
  });

  it('takes a concurrency slot: three at once on a plan of 1 run one and refuse two as /v1/raw does', async () => {
    const account = await accountWithProfile(10);
    const results = await Promise.all(
      [1, 2, 3].map((n) => testProfile(account, `${env.site.origin}/slow?ms=1500&at-once=${n}`)),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 429, 429]);
    const refused = results.find((r) => r.status === 429)!;
    expect(refused.json.error).toMatchObject({ code: 'rate_limited', retry_after: 2 });
    expect(refused.headers.get('retry-after')).toBe('2');
    expect((await balanceAndLedger(env.deps, account.accountId)).balance).toBe(9);
    // The slot is given back once the load ends.
    expect((await testProfile(account, `${env.site.origin}/basic.html?after=1`)).status).toBe(200);
  });

  it('refunds the credit when the page cannot be loaded', async () => {
    const account = await accountWithProfile(3);
    const res = await testProfile(account, 'http://127.0.0.1:1/closed');
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('capture_failed');
    const after = await balanceAndLedger(env.deps, account.accountId);
    expect(after.balance).toBe(3);
    expect(after.entries.map((e) => e.kind).sort()).toEqual(['debit', 'grant', 'refund']);
  });
});
