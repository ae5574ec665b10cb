/**
 * DynamoDB going away: a private DynamoDB Local (the shared one stays up for every other test
 * file) is stopped before a request, and in the middle of one, then started again with its data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import type { Deps } from '../../lib/deps.ts';
import { startLocalWorkers } from '../../lib/local/workers.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { balanceAndLedger, call, captureDeps, createTestAccount, type TestApp } from '../helpers/stack.ts';
import { privateDynamo, privateQueues, type Service, until } from './services.ts';

let dynamo: Service;
let deps: Deps;
let app: TestApp;
let site: FixtureServer;
let deadLetters: { stop(): Promise<void> };

beforeAll(async () => {
  dynamo = await privateDynamo();
  // Queues of its own too: its dead-letter consumer must not take other files' messages.
  const queues = await privateQueues(`faults-ddb-${process.pid}`);
  deps = captureDeps({ ...queues, AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint });
  app = buildApp(deps);
  site = await startFixtureServer();
  deadLetters = startLocalWorkers(deps, { waitSeconds: 1, only: ['deadLetters'] });
});

afterAll(async () => {
  await deadLetters.stop();
  await deps.browser.close();
  await site.close();
  await dynamo.dispose();
});

describe('DynamoDB stopped', () => {
  it('before a request: 503 unavailable in the envelope, nothing charged', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { credits: 5 });
    await dynamo.stop();
    try {
      const res = await call(app, 'POST', '/v1/raw', {
        key: apiKey,
        body: { url: `${site.origin}/basic.html?ddb=before` },
      });
      expect(res.status).toBe(503);
      expect(res.json.error).toMatchObject({ code: 'unavailable', message: expect.any(String) });
      expect(res.headers.get('x-request-id')).toBeTruthy();
    } finally {
      await dynamo.start();
    }
    const money = await balanceAndLedger(deps, accountId);
    expect(money).toMatchObject({ balance: 5, ledgerSum: 5 });
  });

  let during: { accountId: string } | undefined;

  it('during the capture: 503 unavailable in the envelope, balance = ledger once it is back', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { credits: 5 });
    during = { accountId };
    site.clear();
    const pending = call(app, 'POST', '/v1/raw', {
      key: apiKey,
      body: { url: `${site.origin}/slow?ms=2500&page=basic.html&ddb=during` },
    });
    // The page was asked for: the request is past auth and the credit reservation.
    await until(() => site.requests('/slow').length > 0, 30_000, 'the capture to start');
    await dynamo.stop();
    let res: Awaited<typeof pending>;
    try {
      res = await pending;
    } finally {
      await dynamo.start();
    }
    expect(res.status).toBe(503);
    expect(res.json.error).toMatchObject({ code: 'unavailable', message: expect.any(String) });
    const money = await balanceAndLedger(deps, accountId);
    expect(money.ledgerSum).toBe(money.balance);
  });

  // The reservation is written, DynamoDB goes away, the render cannot be recorded and the refund
  // cannot be written either: it goes on the dead-letter queue, whose consumer applies it once
  // DynamoDB is back (it was lost before that fix).
  it('during the capture: the credit is not lost once DynamoDB is back', async () => {
    expect(during).toBeDefined();
    await until(
      async () => (await balanceAndLedger(deps, during!.accountId)).balance === 5,
      20_000,
      'the refund',
    );
  });

  it('and started again: the next capture succeeds', async () => {
    const { apiKey } = await createTestAccount(deps, { credits: 5 });
    const res = await call(app, 'POST', '/v1/raw', {
      key: apiKey,
      body: { url: `${site.origin}/basic.html?ddb=after` },
    });
    expect(res.status).toBe(201);
  });
});
