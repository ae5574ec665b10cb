import { PurgeQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import sharp from 'sharp';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import type { Deps } from '../../lib/deps.ts';
import { startLocalWorkers } from '../../lib/local/workers.ts';
import { sendMessage } from '../../lib/queue/messages.ts';
import { accountWebhookSecret } from '../../lib/store/accounts.ts';
import { getJob } from '../../lib/store/jobs.ts';
import { privateQueues } from '../faults/services.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { balanceAndLedger, call, captureDeps, createTestAccount, type TestApp } from '../helpers/stack.ts';
import { webhookReceiver as receiver } from './webhook-receiver.ts';

let deps: Deps;
let app: TestApp;
let site: FixtureServer;
let workers: { stop(): Promise<void> };

/** Every deps of this file: no retry delays, and (from beforeAll) the file's own queues. */
const FAST: Record<string, string> = {
  FRAMESHOT_JOB_RETRY_SECONDS: '0',
  FRAMESHOT_WEBHOOK_BACKOFF_SECONDS: '0,0,0,0',
};

beforeAll(async () => {
  // Queues of its own: workers of other test files on the shared queues would otherwise take
  // this file's messages (and complete a job that a test wants to see fail).
  Object.assign(FAST, await privateQueues(`async-${process.pid}`));
  deps = captureDeps(FAST);
  app = buildApp(deps);
  site = await startFixtureServer();
  workers = startLocalWorkers(deps, { waitSeconds: 1 });
});

afterAll(async () => {
  await workers.stop();
  await deps.browser.close();
  await site.close();
});

async function waitForJob(
  jobId: string,
  until: (job: NonNullable<Awaited<ReturnType<typeof getJob>>>) => boolean,
  ms = 60_000,
) {
  const deadline = Date.now() + ms;
  for (;;) {
    const job = await getJob(deps.table, jobId);
    if (job && until(job)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} never got there: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('async captures', () => {
  it('queue, complete with the sync result shape, and download', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { credits: 10 });
    const accepted = await call(app, 'POST', '/v1/capture', {
      key: apiKey,
      body: { url: `${site.origin}/basic.html?async=1`, device: 'browser-macos', async: true },
    });
    expect(accepted.status).toBe(202);
    expect(accepted.json).toEqual({ job_id: expect.stringMatching(/^job_/), status: 'pending' });
    const polled = await call(app, 'GET', `/v1/jobs/${accepted.json.job_id}`, { key: apiKey });
    if (polled.json.status === 'pending')
      expect(Number(polled.headers.get('retry-after'))).toBeGreaterThan(0);

    const job = await waitForJob(accepted.json.job_id, (j) => j.status !== 'pending');
    expect(job).toMatchObject({
      status: 'completed',
      stage: 'done',
      attempts: 1,
      error: null,
      webhook_status: 'none',
    });
    const view = await call(app, 'GET', `/v1/jobs/${job.id}`, { key: apiKey });
    expect(view.headers.get('retry-after')).toBeNull();
    expect(Object.keys(view.json.result)).toEqual(
      expect.arrayContaining([
        'id',
        'url',
        'width',
        'height',
        'format',
        'duration_ms',
        'credits_used',
        'cached',
        'warnings',
        'created_at',
      ]),
    );
    expect(view.json.started_at).toMatch(/Z$/);
    const { pathname, search } = new URL(view.json.result.url);
    const redirect = await app.request(pathname + search);
    const image = Buffer.from(await (await fetch(redirect.headers.get('location')!)).arrayBuffer());
    const meta = await sharp(image).metadata();
    expect([meta.width, meta.height]).toEqual([view.json.result.width, view.json.result.height]);
    expect((await balanceAndLedger(deps, accountId)).balance).toBe(7);
  });

  it('carry page understanding through the job: element_resolved and ai_decisions in the result', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { credits: 20 });
    const accepted = await call(app, 'POST', '/v1/capture', {
      key: apiKey,
      body: {
        url: `${site.origin}/corpus/pulse-dashboard.html?async=ai`,
        async: true,
        element: 'the revenue chart',
        ai_copy: true,
        prompt: 'ocean background, wobbly',
      },
    });
    expect(accepted.status, accepted.text).toBe(202);
    const job = await waitForJob(accepted.json.job_id, (j) => j.status !== 'pending');
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    const view = await call(app, 'GET', `/v1/jobs/${job.id}`, { key: apiKey });
    expect(view.json.result.credits_used).toBe(3 + 1 + 1 + 1);
    expect(view.json.result.element_resolved.score).toBeGreaterThan(0);
    expect(view.json.result.ai_decisions.copy.reason).toEqual(expect.any(String));
    expect(view.json.result.ai_decisions.prompt.ignored).toEqual(['wobbly']);
    expect((await balanceAndLedger(deps, accountId)).balance).toBe(20 - 6);
  });

  it("keeps another account's job at 404", async () => {
    const owner = await createTestAccount(deps);
    const other = await createTestAccount(deps);
    const accepted = await call(app, 'POST', '/v1/raw', {
      key: owner.apiKey,
      body: { url: `${site.origin}/basic.html?iso=1`, async: true },
    });
    expect((await call(app, 'GET', `/v1/jobs/${accepted.json.job_id}`, { key: other.apiKey })).status).toBe(
      404,
    );
  });

  it('fail at once on a permanent error, refunded', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { credits: 5 });
    const accepted = await call(app, 'POST', '/v1/raw', {
      key: apiKey,
      body: { url: `${site.origin}/status/404?job=1`, async: true },
    });
    const job = await waitForJob(accepted.json.job_id, (j) => j.status !== 'pending');
    expect(job).toMatchObject({ status: 'failed', attempts: 1 });
    expect(job.error).toMatchObject({ code: 'capture_failed', reason: 'http_error', status: 404 });
    const money = await balanceAndLedger(deps, accountId);
    expect(money.balance).toBe(5);
    expect(money.ledgerSum).toBe(5);
  });

  it('never run a second capture when a message is delivered twice', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { credits: 5 });
    const accepted = await call(app, 'POST', '/v1/raw', {
      key: apiKey,
      body: { url: `${site.origin}/basic.html?dup=1`, async: true },
    });
    const done = await waitForJob(accepted.json.job_id, (j) => j.status === 'completed');
    site.clear();
    await sendMessage(deps.aws.sqs, deps.config.queues.captures.url, { job_id: done.id });
    await sendMessage(deps.aws.sqs, deps.config.queues.captures.url, { job_id: done.id });
    await new Promise((r) => setTimeout(r, 2500));
    expect(site.requests('/basic.html')).toEqual([]);
    const again = await getJob(deps.table, done.id);
    expect(again).toMatchObject({ attempts: 1, result: done.result });
    expect((await balanceAndLedger(deps, accountId)).entries.filter((e) => e.kind === 'debit')).toHaveLength(
      1,
    );
  });
});

describe('transient failures', () => {
  it('retry 3 times, then land in the dead-letter queue with the job failed and refunded', {
    timeout: 120_000,
  }, async () => {
    // A worker whose S3 is down: every attempt fails while storing.
    const broken = captureDeps({ ...FAST, AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9' });
    await workers.stop();
    // Only the capture loop runs, so the dead-lettered message stays in the DLQ for us to see.
    const brokenWorkers = startLocalWorkers(broken, { waitSeconds: 1, only: ['captures'] });
    try {
      const { apiKey, accountId } = await createTestAccount(deps, { credits: 5 });
      const accepted = await call(app, 'POST', '/v1/raw', {
        key: apiKey,
        body: { url: `${site.origin}/basic.html?s3down=1`, async: true },
      });
      const job = await waitForJob(accepted.json.job_id, (j) => j.status !== 'pending', 90_000);
      expect(job).toMatchObject({ status: 'failed', attempts: 3 });
      expect(job.error?.code).toBe('unavailable');
      expect((await balanceAndLedger(deps, accountId)).balance).toBe(5);
      // SQS moves the message to the DLQ on its next receive; nothing consumes the DLQ in this test.
      const deadline = Date.now() + 30_000;
      let dead: string[] = [];
      while (Date.now() < deadline && !dead.includes(job.id)) {
        const got = await deps.aws.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: deps.config.queues.dlq.url,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
            VisibilityTimeout: 0,
          }),
        );
        dead = (got.Messages ?? []).map((m) => JSON.parse(m.Body!).job_id);
      }
      expect(dead).toContain(job.id);
    } finally {
      await brokenWorkers.stop();
      await broken.browser.close();
      workers = startLocalWorkers(deps, { waitSeconds: 1 });
    }
  });

  it('are failed and refunded by the dead-letter consumer when the worker never finished them', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { credits: 5 });
    await workers.stop();
    try {
      const accepted = await call(app, 'POST', '/v1/raw', {
        key: apiKey,
        body: { url: `${site.origin}/basic.html?dlq=1`, async: true },
      });
      expect((await balanceAndLedger(deps, accountId)).balance).toBe(4);
      // What SQS does after maxReceiveCount deliveries that never completed (e.g. a worker killed each time).
      await sendMessage(deps.aws.sqs, deps.config.queues.dlq.url, { job_id: accepted.json.job_id });
      const dlqOnly = startLocalWorkers(deps, { waitSeconds: 1, only: ['deadLetters'] });
      try {
        const job = await waitForJob(accepted.json.job_id, (j) => j.status !== 'pending');
        expect(job.status).toBe('failed');
        expect(job.error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/refunded/) });
        expect((await balanceAndLedger(deps, accountId)).balance).toBe(5);
      } finally {
        await dlqOnly.stop();
      }
    } finally {
      await deps.aws.sqs.send(new PurgeQueueCommand({ QueueUrl: deps.config.queues.captures.url }));
      workers = startLocalWorkers(deps, { waitSeconds: 1 });
    }
  });

  it('roll back the job and the reservation when SQS is down at accept: 503, nothing charged', async () => {
    const noQueue = buildApp(captureDeps({ AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9' }));
    const { apiKey, accountId } = await createTestAccount(deps, { credits: 5 });
    const res = await call(noQueue, 'POST', '/v1/capture', {
      key: apiKey,
      body: { url: `${site.origin}/basic.html?noqueue=1`, async: true },
    });
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe('unavailable');
    const money = await balanceAndLedger(deps, accountId);
    expect(money.balance).toBe(5);
    expect(money.entries.filter((e) => e.kind === 'debit')).toHaveLength(1);
    expect(money.entries.filter((e) => e.kind === 'refund')).toHaveLength(1);
  });
});

describe('webhooks', () => {
  it('deliver a payload signed per Standard Webhooks', async () => {
    const hook = await receiver();
    try {
      const { apiKey, accountId } = await createTestAccount(deps);
      const accepted = await call(app, 'POST', '/v1/raw', {
        key: apiKey,
        body: { url: `${site.origin}/basic.html?hook=1`, async: true, webhook_url: hook.url },
      });
      const job = await waitForJob(accepted.json.job_id, (j) => j.webhook_status === 'delivered');
      expect(hook.received).toHaveLength(1);
      const [delivery] = hook.received;
      const secret = await accountWebhookSecret(deps.table, accountId, deps.config.encryptionKey);
      const payload = new Webhook(secret).verify(delivery!.body, delivery!.headers as Record<string, string>);
      expect(payload).toMatchObject({ job_id: job.id, status: 'completed', result: { id: job.result!.id } });
      expect(() =>
        new Webhook(secret).verify(
          delivery!.body.replace('completed', 'failed'),
          delivery!.headers as Record<string, string>,
        ),
      ).toThrow();
    } finally {
      hook.close();
    }
  });

  it('retry a receiver that answers 500 twice, ending delivered after 3 attempts', async () => {
    const hook = await receiver([500, 500]);
    try {
      const { apiKey } = await createTestAccount(deps);
      const accepted = await call(app, 'POST', '/v1/raw', {
        key: apiKey,
        body: { url: `${site.origin}/basic.html?hook=2`, async: true, webhook_url: hook.url },
      });
      const job = await waitForJob(accepted.json.job_id, (j) => j.webhook_status === 'delivered');
      expect(job.webhook_attempts).toBe(3);
      expect(hook.received).toHaveLength(3);
      // One event, so one webhook-id across its attempts (receivers de-duplicate on it).
      expect(new Set(hook.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([job.id]));
    } finally {
      hook.close();
    }
  });

  it('refuse private webhook targets unless the deployment allows them', async () => {
    const strict = captureDeps({ ...FAST, FRAMESHOT_ALLOW_PRIVATE_TARGETS: 'false' });
    const hook = await receiver();
    await workers.stop();
    const strictWorkers = startLocalWorkers(strict, { waitSeconds: 1 });
    try {
      const { apiKey } = await createTestAccount(deps);
      // The capture itself targets the fixture through the permissive app; only the webhook is judged by the strict worker.
      const accepted = await call(app, 'POST', '/v1/raw', {
        key: apiKey,
        body: { url: `${site.origin}/basic.html?hook=3`, async: true, webhook_url: hook.url },
      });
      const job = await waitForJob(accepted.json.job_id, (j) => j.status !== 'pending');
      expect(job.status).toBe('failed');
      expect(job.error?.reason).toBe('target_blocked');
      const ended = await waitForJob(
        job.id,
        (j) => j.webhook_status === 'failed' || j.webhook_status === 'delivered',
      );
      expect(ended.webhook_status).toBe('failed');
      expect(hook.received).toEqual([]);
    } finally {
      hook.close();
      await strictWorkers.stop();
      await strict.browser.close();
      workers = startLocalWorkers(deps, { waitSeconds: 1 });
    }
  });
});

describe('a burst of async jobs', () => {
  it('100 submitted at once all finish, each captured once and charged once', {
    timeout: 240_000,
  }, async () => {
    const N = 100;
    const { apiKey, accountId } = await createTestAccount(deps, { plan: 'pro', credits: N + 20 });
    site.clear();
    const accepted = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        call(app, 'POST', '/v1/raw', {
          key: apiKey,
          body: {
            url: `${site.origin}/basic.html?burst=${i}`,
            viewport: { width: 480, height: 320 },
            capture_dpr: 1,
            async: true,
          },
        }),
      ),
    );
    expect(accepted.map((r) => r.status)).toEqual(Array(N).fill(202));
    const ids = accepted.map((r) => r.json.job_id as string);
    expect(new Set(ids).size).toBe(N);

    const jobs = await Promise.all(ids.map((id) => waitForJob(id, (j) => j.status !== 'pending', 200_000)));
    expect(jobs.map((j) => j.status)).toEqual(Array(N).fill('completed'));
    expect(new Set(jobs.map((j) => j.result?.id)).size).toBe(N);
    // Each page was loaded by exactly one capture: no job ran twice, none was skipped.
    const loads = site
      .requests('/basic.html')
      .map((r) => r.query.get('burst'))
      .filter((b) => b !== null);
    expect(loads.sort()).toEqual(Array.from({ length: N }, (_, i) => String(i)).sort());

    const money = await balanceAndLedger(deps, accountId);
    expect(money.balance).toBe(20);
    expect(money.ledgerSum).toBe(20);
    expect(money.entries.filter((e) => e.kind === 'debit')).toHaveLength(N);
    expect(money.entries.filter((e) => e.kind === 'refund')).toHaveLength(0);
  });
});
