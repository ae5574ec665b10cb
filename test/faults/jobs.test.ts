/**
 * Async jobs through short outages: the first attempt dies (S3 down while storing, or Chromium
 * killed mid-capture), the retry completes it, and the account pays once. Private queues and a
 * private s3rver keep other test files' workers and jobs out of the way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import type { Deps } from '../../lib/deps.ts';
import { startLocalWorkers } from '../../lib/local/workers.ts';
import { getJob, type Job } from '../../lib/store/jobs.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { balanceAndLedger, call, captureDeps, createTestAccount, type TestApp } from '../helpers/stack.ts';
import { privateQueues, privateS3, type Service, until } from './services.ts';

let s3: Service;
let deps: Deps;
let app: TestApp;
let site: FixtureServer;
let workers: { stop(): Promise<void> };

beforeAll(async () => {
  s3 = await privateS3();
  const queues = await privateQueues(`faults-${process.pid}`);
  deps = captureDeps({ ...queues, AWS_ENDPOINT_URL_S3: s3.endpoint, FRAMESHOT_JOB_RETRY_SECONDS: '0' });
  app = buildApp(deps);
  site = await startFixtureServer();
  workers = startLocalWorkers(deps, { waitSeconds: 1, only: ['captures', 'deadLetters'] });
});

afterAll(async () => {
  await workers.stop();
  await deps.browser.close();
  await site.close();
  await s3.dispose();
});

async function job(id: string): Promise<Job> {
  const found = await getJob(deps.table, id);
  if (!found) throw new Error(`no job ${id}`);
  return found;
}

async function settled(id: string): Promise<Job> {
  await until(async () => (await job(id)).status !== 'pending', 60_000, `job ${id} to settle`);
  return job(id);
}

describe('an async job whose first attempt fails', () => {
  it('completes once S3 is back, charged once', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { credits: 5 });
    await s3.stop();
    let accepted: Awaited<ReturnType<typeof call>>;
    try {
      accepted = await call(app, 'POST', '/v1/raw', {
        key: apiKey,
        body: { url: `${site.origin}/slow?ms=1500&page=basic.html&job=s3`, async: true },
      });
      expect(accepted.status).toBe(202);
      // Attempt 1 fails while storing; attempt 2 is on its way when S3 comes back.
      await until(async () => (await job(accepted.json.job_id)).attempts >= 2, 60_000, 'a second attempt');
    } finally {
      await s3.start();
    }
    const done = await settled(accepted.json.job_id);
    expect(done).toMatchObject({ status: 'completed', attempts: 2, error: null });
    const money = await balanceAndLedger(deps, accountId);
    expect(money).toMatchObject({ balance: 4, ledgerSum: 4 });
    expect(money.entries.filter((e) => e.kind === 'debit')).toHaveLength(1);
  });

  it('completes after Chromium is killed mid-capture, charged once', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { credits: 5 });
    await deps.browser.warm();
    site.clear();
    const accepted = await call(app, 'POST', '/v1/capture', {
      key: apiKey,
      body: {
        url: `${site.origin}/slow?ms=2000&page=basic.html&job=kill`,
        device: 'browser-macos',
        async: true,
      },
    });
    expect(accepted.status).toBe(202);
    await until(() => site.requests('/slow').length > 0, 30_000, 'the capture to start');
    const { pid } = await deps.browser.stats();
    // Never kill(-0): that is this process's own group.
    if (!pid || pid <= 0) throw new Error('no browser is running');
    process.kill(-pid, 'SIGKILL');

    const done = await settled(accepted.json.job_id);
    expect(done).toMatchObject({ status: 'completed', attempts: 2, error: null });
    const money = await balanceAndLedger(deps, accountId);
    expect(money).toMatchObject({ balance: 2, ledgerSum: 2 });
    expect(money.entries.filter((e) => e.kind === 'debit')).toHaveLength(1);
  });
});
