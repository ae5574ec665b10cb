/**
 * S3 going away while a synchronous capture stores its render: a private s3rver (the shared one
 * stays up) is stopped during the capture, then started again. The async counterpart (every
 * attempt fails while storing → failed job, refunded) is in test/jobs/async.test.ts; a job that
 * survives a short outage is in jobs.test.ts here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import type { Deps } from '../../lib/deps.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { balanceAndLedger, call, captureDeps, createTestAccount, type TestApp } from '../helpers/stack.ts';
import { privateS3, type Service, until } from './services.ts';

let s3: Service;
let deps: Deps;
let app: TestApp;
let site: FixtureServer;

beforeAll(async () => {
  s3 = await privateS3();
  deps = captureDeps({ AWS_ENDPOINT_URL_S3: s3.endpoint });
  app = buildApp(deps);
  site = await startFixtureServer();
});

afterAll(async () => {
  await deps.browser.close();
  await site.close();
  await s3.dispose();
});

describe('S3 stopped during a sync capture', () => {
  it('answers 503 unavailable, refunds the reservation, and the next capture succeeds once S3 is back', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { credits: 5 });
    site.clear();
    const pending = call(app, 'POST', '/v1/capture', {
      key: apiKey,
      body: { url: `${site.origin}/slow?ms=1500&page=basic.html&s3=down`, device: 'browser-macos' },
    });
    await until(() => site.requests('/slow').length > 0, 30_000, 'the capture to start');
    await s3.stop();
    let res: Awaited<typeof pending>;
    try {
      res = await pending;
    } finally {
      await s3.start();
    }
    expect(res.status).toBe(503);
    expect(res.json.error).toMatchObject({ code: 'unavailable', message: expect.any(String) });
    const money = await balanceAndLedger(deps, accountId);
    expect(money).toMatchObject({ balance: 5, ledgerSum: 5 });
    expect(money.entries.filter((e) => e.kind === 'debit')).toHaveLength(1);
    expect(money.entries.filter((e) => e.kind === 'refund')).toHaveLength(1);

    const again = await call(app, 'POST', '/v1/capture', {
      key: apiKey,
      body: { url: `${site.origin}/basic.html?s3=back`, device: 'browser-macos' },
    });
    expect(again.status).toBe(201);
    expect((await balanceAndLedger(deps, accountId)).balance).toBe(2);
  });

  it('is not served from the cache afterwards: the failed capture left no render behind', async () => {
    const { apiKey } = await createTestAccount(deps, { credits: 5 });
    const body = { url: `${site.origin}/slow?ms=1500&page=basic.html&s3=nocache` };
    site.clear();
    const pending = call(app, 'POST', '/v1/raw', { key: apiKey, body });
    await until(() => site.requests('/slow').length > 0, 30_000, 'the capture to start');
    await s3.stop();
    try {
      expect((await pending).status).toBe(503);
    } finally {
      await s3.start();
    }
    const again = await call(app, 'POST', '/v1/raw', { key: apiKey, body });
    expect(again.status).toBe(201);
    expect(again.json).toMatchObject({ cached: false, credits_used: 1 });
  });
});
