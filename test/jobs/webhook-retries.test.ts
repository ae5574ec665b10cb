import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../lib/deps.ts';
import { newId } from '../../lib/ids.ts';
import { startLocalWorkers } from '../../lib/local/workers.ts';
import { accountWebhookSecret } from '../../lib/store/accounts.ts';
import { getJob, type Job, putJob } from '../../lib/store/jobs.ts';
import { createProject, projectSecrets } from '../../lib/store/projects.ts';
import { isoTime } from '../../lib/store/table.ts';
import { queueWebhook } from '../../lib/webhooks/queue.ts';
import { privateQueues, until } from '../faults/services.ts';
import { createTestAccount, testDeps } from '../helpers/stack.ts';
import { webhookReceiver as receiver } from './webhook-receiver.ts';

/** Queues of this file's own (other files' workers must not take its webhook messages), no backoff. */
let env: Record<string, string>;

beforeAll(async () => {
  env = {
    FRAMESHOT_WEBHOOK_BACKOFF_SECONDS: '0,0,0,0',
    ...(await privateQueues(`webhooks-${process.pid}`)),
  };
});

/** A finished job whose webhook goes to `webhookUrl`, with its first attempt queued. */
async function finishedJob(
  deps: Deps,
  accountId: string,
  webhookUrl: string,
  projectId?: string,
): Promise<Job> {
  const now = deps.now();
  const job: Job = {
    id: newId('job'),
    account_id: accountId,
    ...(projectId ? { project_id: projectId } : {}),
    plan: {
      kind: 'raw',
      accountId,
      test: false,
      params: { url: 'https://example.com/' } as Job['plan']['params'],
      warnings: [],
      cacheKey: 'none',
      price: 0,
      budget: { timeoutMs: 90_000, slotLimit: 1, slotLeaseMs: 150_000 },
      renderId: newId('cap'),
      refundRef: 'none',
    },
    status: 'failed',
    stage: 'done',
    result: null,
    error: { code: 'capture_failed', reason: 'navigation_timeout', message: 'The page did not load.' },
    attempts: 1,
    webhook_url: webhookUrl,
    webhook_status: 'pending',
    webhook_attempts: 0,
    created_at: isoTime(now),
    started_at: isoTime(now),
    completed_at: isoTime(now),
  };
  await putJob(deps.table, job, now);
  await queueWebhook(deps, job.id, 1);
  return job;
}

async function webhookEnded(deps: Deps, jobId: string): Promise<Job> {
  let job: Job | undefined;
  await until(
    async () => {
      job = await getJob(deps.table, jobId);
      return job?.webhook_status === 'delivered' || job?.webhook_status === 'failed';
    },
    30_000,
    `the webhook of ${jobId} to end`,
  );
  return job!;
}

/** Deps and a webhook worker on this file's queues for the describe block it is called in. */
function webhookWorker(options: { allowPrivateTargets: boolean }) {
  const worker = {} as { deps: Deps };
  let loops: { stop(): Promise<void> };
  beforeAll(() => {
    worker.deps = testDeps({ ...env, FRAMESHOT_ALLOW_PRIVATE_TARGETS: String(options.allowPrivateTargets) });
    loops = startLocalWorkers(worker.deps, { waitSeconds: 1, only: ['webhooks'] });
  });
  afterAll(() => loops.stop());
  return worker;
}

describe('webhook retries', () => {
  const worker = webhookWorker({ allowPrivateTargets: true });

  it('carry the same webhook-id on every attempt of one event, each attempt signed', async () => {
    const hook = await receiver([500, 503]);
    try {
      const { deps } = worker;
      const { accountId } = await createTestAccount(deps);
      const job = await finishedJob(deps, accountId, hook.url);
      const ended = await webhookEnded(deps, job.id);
      expect(ended).toMatchObject({ webhook_status: 'delivered', webhook_attempts: 3 });
      expect(hook.received).toHaveLength(3);
      expect(new Set(hook.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([job.id]));
      const secret = await accountWebhookSecret(deps.table, accountId, deps.config.encryptionKey);
      for (const delivery of hook.received) {
        expect(
          new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>),
        ).toMatchObject({
          job_id: job.id,
          status: 'failed',
        });
      }
    } finally {
      await hook.close();
    }
  });
});

describe('webhooks of a project', () => {
  const worker = webhookWorker({ allowPrivateTargets: true });

  it("are signed with the project's webhook secret, not the account's", async () => {
    const hook = await receiver();
    try {
      const { deps } = worker;
      const { accountId } = await createTestAccount(deps);
      const project = await createProject(
        deps.table,
        { accountId, name: 'site', now: deps.now() },
        deps.config.encryptionKey,
      );
      const job = await finishedJob(deps, accountId, hook.url, project.id);
      expect(await webhookEnded(deps, job.id)).toMatchObject({ webhook_status: 'delivered' });
      const [delivery] = hook.received;
      const headers = delivery!.headers as Record<string, string>;
      const secrets = await projectSecrets(deps.table, project.id, deps.config.encryptionKey, deps.now());
      expect(new Webhook(secrets!.webhook).verify(delivery!.body, headers)).toMatchObject({ job_id: job.id });
      const accountSecret = await accountWebhookSecret(deps.table, accountId, deps.config.encryptionKey);
      expect(() => new Webhook(accountSecret).verify(delivery!.body, headers)).toThrow();
    } finally {
      await hook.close();
    }
  });
});

describe('webhook targets refused by the target guard', () => {
  const worker = webhookWorker({ allowPrivateTargets: false });

  it('fail at the first attempt and are recorded as failed, not retried', async () => {
    const hook = await receiver();
    try {
      const { deps } = worker;
      const { accountId } = await createTestAccount(deps);
      const job = await finishedJob(deps, accountId, hook.url);
      const ended = await webhookEnded(deps, job.id);
      expect(ended).toMatchObject({ webhook_status: 'failed', webhook_attempts: 1 });
      expect(hook.received).toEqual([]);
      // No later attempt is on its way: the job stays as recorded.
      await new Promise((r) => setTimeout(r, 2_500));
      expect(await getJob(deps.table, job.id)).toMatchObject({
        webhook_status: 'failed',
        webhook_attempts: 1,
      });
    } finally {
      await hook.close();
    }
  });

  it('fail at once for a URL that is not http(s)', async () => {
    const { deps } = worker;
    const { accountId } = await createTestAccount(deps);
    const job = await finishedJob(deps, accountId, 'ftp://example.com/hooks');
    const ended = await webhookEnded(deps, job.id);
    expect(ended).toMatchObject({ webhook_status: 'failed', webhook_attempts: 1 });
  });
});
