/**
 * A worker killed mid-job (contract §4): its process dies after the job reached `rendering`,
 * with no chance to release the job or touch the message. SQS redelivers the message when its
 * visibility runs out, the next worker claims the job (the dead worker's lease has run out by
 * then) and completes it — once, charged once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetQueueAttributesCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import type { Deps } from '../../lib/deps.ts';
import { startLocalWorkers } from '../../lib/local/workers.ts';
import { sendMessage } from '../../lib/queue/messages.ts';
import { getJob, type Job } from '../../lib/store/jobs.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import {
  balanceAndLedger,
  call,
  captureDeps,
  createTestAccount,
  type TestApp,
  testEnv,
} from '../helpers/stack.ts';
import { privateQueues, until } from './services.ts';

/** A short visibility timeout, so the redelivery comes in seconds instead of minutes. */
const VISIBILITY = 5;

let env: Record<string, string>;
let deps: Deps;
let app: TestApp;
let site: FixtureServer;
let tmp: string;

beforeAll(async () => {
  const queues = await privateQueues(`kill-${process.pid}`);
  env = {
    ...queues,
    FRAMESHOT_ALLOW_PRIVATE_TARGETS: 'true',
    FRAMESHOT_JOB_VISIBILITY_SECONDS: String(VISIBILITY),
    FRAMESHOT_JOB_RETRY_SECONDS: '0',
  };
  deps = captureDeps(env);
  await deps.aws.sqs.send(
    new SetQueueAttributesCommand({
      QueueUrl: deps.config.queues.captures.url,
      Attributes: { VisibilityTimeout: String(VISIBILITY) },
    }),
  );
  app = buildApp(deps);
  site = await startFixtureServer();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'frameshot-killed-worker-'));
});

afterAll(async () => {
  await deps.browser.close();
  await site.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Starts the worker process; its Chromium keeps its profile under `tmp` (TMPDIR). */
async function workerProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/faults/fixtures/worker-process.ts'], {
    env: { ...process.env, ...testEnv(env), TMPDIR: tmp },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      if (b.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) =>
      reject(new Error(`the worker process exited (${code}) before it was ready`)),
    );
  });
  return child;
}

/** SIGKILLs the worker and the Chromium it launched (found by its profile directory under `tmp`). */
function killAll(child: ChildProcess): void {
  child.kill('SIGKILL');
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmdline.includes(tmp)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {}
    }
  }
}

const job = async (id: string): Promise<Job> => (await getJob(deps.table, id))!;

describe('a worker killed mid-job', () => {
  it('leaves a job that the redelivered message completes once, charged once', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { plan: 'pro', credits: 10 });
    const child = await workerProcess();
    let accepted: Awaited<ReturnType<typeof call>>;
    try {
      accepted = await call(app, 'POST', '/v1/capture', {
        key: apiKey,
        body: {
          url: `${site.origin}/slow?ms=3000&page=basic.html&kill=worker`,
          device: 'browser-macos',
          async: true,
        },
      });
      expect(accepted.status).toBe(202);
      // The dead worker got as far as rendering: the job is claimed and the page is loading.
      await until(
        async () =>
          (await job(accepted.json.job_id)).stage === 'rendering' && site.requests('/slow').length > 0,
        30_000,
        'the worker process to start rendering',
      );
    } finally {
      killAll(child);
    }
    const killed = await job(accepted.json.job_id);
    expect(killed).toMatchObject({ status: 'pending', stage: 'rendering', attempts: 1 });

    const workers = startLocalWorkers(deps, { waitSeconds: 1, only: ['captures'] });
    try {
      await until(async () => (await job(killed.id)).status !== 'pending', 60_000, 'the job to finish');
    } finally {
      await workers.stop();
    }
    const done = await job(killed.id);
    expect(done).toMatchObject({ status: 'completed', stage: 'done', attempts: 2, error: null });
    expect(site.requests('/slow')).toHaveLength(2);

    const money = await balanceAndLedger(deps, accountId);
    expect(money.balance).toBe(7);
    expect(money.ledgerSum).toBe(7);
    expect(money.entries.filter((e) => e.kind === 'debit')).toHaveLength(1);
    expect(money.entries.filter((e) => e.kind === 'refund')).toHaveLength(0);

    const view = await call(app, 'GET', `/v1/jobs/${done.id}`, { key: apiKey });
    const { pathname, search } = new URL(view.json.result.url);
    const redirect = await app.request(pathname + search);
    const image = await (await fetch(redirect.headers.get('location')!)).arrayBuffer();
    const meta = await sharp(Buffer.from(image)).metadata();
    expect([meta.width, meta.height]).toEqual([view.json.result.width, view.json.result.height]);
  }, 120_000);

  it('a duplicate delivered while the job runs elsewhere waits for the lease to end, then does nothing', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { plan: 'pro', credits: 10 });
    const child = await workerProcess();
    const workers = startLocalWorkers(deps, { waitSeconds: 1, only: ['captures'] });
    try {
      site.clear();
      const accepted = await call(app, 'POST', '/v1/raw', {
        key: apiKey,
        body: { url: `${site.origin}/slow?ms=3000&page=basic.html&dup=live`, async: true },
      });
      await until(
        async () => (await job(accepted.json.job_id)).stage === 'rendering',
        30_000,
        'a worker to claim the job',
      );
      // SQS delivers at least once: the same job's message again, while the first copy runs.
      await sendMessage(deps.aws.sqs, deps.config.queues.captures.url, { job_id: accepted.json.job_id });
      await until(
        async () => (await job(accepted.json.job_id)).status !== 'pending',
        60_000,
        'the job to finish',
      );
      // The duplicate comes back once the lease is over, finds the job finished and is deleted.
      await until(
        async () => {
          const attrs = await deps.aws.sqs.send(
            new GetQueueAttributesCommand({
              QueueUrl: deps.config.queues.captures.url,
              AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
            }),
          );
          return (
            attrs.Attributes?.ApproximateNumberOfMessages === '0' &&
            attrs.Attributes?.ApproximateNumberOfMessagesNotVisible === '0'
          );
        },
        30_000,
        'the duplicate to be consumed',
      );
      expect(await job(accepted.json.job_id)).toMatchObject({ status: 'completed', attempts: 1 });
      expect(site.requests('/slow')).toHaveLength(1);
      const money = await balanceAndLedger(deps, accountId);
      expect(money).toMatchObject({ balance: 9, ledgerSum: 9 });
    } finally {
      killAll(child);
      await workers.stop();
    }
  }, 120_000);
});
