/**
 * @module jobs/run
 * The worker's per-message step (§4): claim the job, render it through the same pipeline as a
 * sync capture, complete it with the same result shape, queue its webhook. Permanent failures
 * (422s, bad parameters) fail the job at once with a refund; transient ones (browser, backing
 * services) release it and throw so SQS redelivers, up to maxReceiveCount, then the DLQ.
 */
import { ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import resources from '../../infra/resources.json' with { type: 'json' };
import { refundCredits } from '../billing/ledger.ts';
import { effectivePlan } from '../billing/plans.ts';
import { rememberRender } from '../captures/cache.ts';
import { produceRender } from '../captures/produce.ts';
import { captureResponse } from '../captures/respond.ts';
import { SLOT_GRACE_MS } from '../captures/sync.ts';
import type { Deps } from '../deps.ts';
import { ApiError, isRetryable } from '../errors.ts';
import { newId } from '../ids.ts';
import { type CaptureMessage, parseMessage, sendMessage } from '../queue/messages.ts';
import { getAccount } from '../store/accounts.ts';
import { acquireSlot } from '../store/concurrency.ts';
import {
  advanceJob,
  claimJob,
  finishJob,
  getJob,
  type Job,
  type JobError,
  releaseJob,
} from '../store/jobs.ts';
import { queueWebhook } from '../webhooks/queue.ts';
import { loadSession } from './session.ts';

export const MAX_ATTEMPTS = resources.queues.maxReceiveCount;
/**
 * A claimed job's lease is this share of the queue's visibility timeout, so the lease of a worker
 * that was killed has run out by the time SQS redelivers its message. The heartbeat renews both.
 */
const LEASE_SHARE = 0.9;
export const ASYNC_TIMEOUT_MS = 90_000;

export function jobError(err: unknown): JobError {
  if (err instanceof ApiError) {
    const { reason, status } = err.extra as { reason?: string; status?: number };
    return {
      code: err.code,
      message: err.message,
      ...(reason ? { reason } : {}),
      ...(status ? { status } : {}),
    };
  }
  return { code: 'internal_error', message: 'The capture failed unexpectedly; credits were refunded.' };
}

/** Fails a job for good: refund, record the error, queue the webhook. Idempotent. */
export async function failJob(deps: Deps, job: Job, error: JobError, token?: string): Promise<void> {
  await refundCredits(deps.table, job.account_id, job.credits, job.id, deps.now());
  const ended = await finishJob(deps.table, job.id, {
    status: 'failed',
    error,
    token,
    webhookStatus: job.webhook_url ? 'pending' : 'none',
    now: deps.now(),
  });
  if (ended && job.webhook_url) await queueWebhook(deps, job.id, 1);
}

export async function runJob(deps: Deps, record: SQSRecord): Promise<void> {
  const message = parseMessage<CaptureMessage>(record.body);
  if (!message?.job_id) {
    deps.logger.error('dropping a malformed capture message', { messageId: record.messageId });
    return;
  }
  const peek = await getJob(deps.table, message.job_id);
  if (peek?.status !== 'pending') return;

  // Over the account's concurrent-capture limit, an async job waits in the queue instead of failing.
  const account = await getAccount(deps.table, peek.account_id);
  const limit = account ? effectivePlan(account, deps.config.plans).concurrentCaptures : 1;
  const slot = await acquireSlot(deps.table, {
    accountId: peek.account_id,
    limit,
    leaseMs: ASYNC_TIMEOUT_MS + SLOT_GRACE_MS,
    now: deps.now(),
  });
  if (!slot) {
    await sendMessage(
      deps.aws.sqs,
      deps.config.queues.captures.url,
      { job_id: peek.id },
      WAIT_FOR_SLOT_SECONDS,
    );
    return;
  }
  try {
    await runClaimed(deps, record, peek.id);
  } finally {
    await slot.release();
  }
}

/** Seconds a job over its account's concurrency limit waits before it is looked at again. */
const WAIT_FOR_SLOT_SECONDS = 5;

/** The message came while another worker holds the job: it is looked at again when that lease ends. */
export class JobLeased extends Error {}

async function runClaimed(deps: Deps, record: SQSRecord, jobId: string): Promise<void> {
  const token = newId('evt');
  const visibilityMs = deps.config.jobs.visibilitySeconds * 1000;
  const leaseMs = visibilityMs * LEASE_SHARE;
  const claim = await claimJob(deps.table, jobId, { token, leaseMs, now: deps.now() });
  // Finished or unknown: this copy of the message has nothing to do.
  if ('finished' in claim) return;
  if ('leasedUntil' in claim) {
    // A duplicate delivery while the job runs, or a redelivery that came a moment early: keep the
    // message, and see again once the lease has ended (finished by then, or its worker is gone).
    const seconds = Math.ceil((claim.leasedUntil - deps.now()) / 1000) + 1;
    await setVisibility(deps, record, Math.min(seconds, deps.config.jobs.visibilitySeconds));
    throw new JobLeased(`job ${jobId} is leased by another worker for ${seconds} s more`);
  }
  const { job } = claim;

  // Keep the message invisible (and the lease alive) while a long capture runs.
  const heartbeat = setInterval(() => {
    void setVisibility(deps, record, deps.config.jobs.visibilitySeconds).catch((err) =>
      deps.logger.warn('visibility extension failed', { err }),
    );
    void advanceJob(deps.table, job.id, {
      token,
      stage: job.stage,
      leaseUntil: deps.now() + leaseMs,
    }).catch((err) => deps.logger.warn('lease extension failed', { err }));
  }, visibilityMs / 3);
  heartbeat.unref();

  try {
    const session = await loadSession(deps, job);
    const { render } = await produceRender(deps, {
      id: job.render_id,
      kind: job.kind,
      params: job.params,
      accountId: job.account_id,
      test: job.test,
      session,
      timeoutMs: Math.min(job.params.timeout_ms ?? ASYNC_TIMEOUT_MS, ASYNC_TIMEOUT_MS),
      onStage: async (stage) => {
        job.stage = stage;
        await advanceJob(deps.table, job.id, { token, stage });
      },
    });
    await rememberRender(deps, {
      accountId: job.account_id,
      hash: job.cache_hash,
      params: job.params,
      render,
    });
    const result = captureResponse(render, deps.links, {
      durationMs: render.duration_ms,
      creditsUsed: job.credits,
      cached: false,
      warnings: job.warnings,
      resolvedParams: job.resolved_params,
    });
    const ended = await finishJob(deps.table, job.id, {
      status: 'completed',
      result,
      token,
      webhookStatus: job.webhook_url ? 'pending' : 'none',
      now: deps.now(),
    });
    if (ended && job.webhook_url) await queueWebhook(deps, job.id, 1);
  } catch (err) {
    if (!isRetryable(err) && err instanceof ApiError) {
      await failJob(deps, job, jobError(err), token);
      return;
    }
    deps.logger.warn('capture job failed transiently', { jobId: job.id, attempt: job.attempts, err });
    if (job.attempts >= MAX_ATTEMPTS) {
      // The last try: fail it now (pollers need not wait for the DLQ); SQS still dead-letters the message.
      await failJob(deps, job, jobError(err), token);
    } else {
      await releaseJob(deps.table, job.id, token);
    }
    await retryLater(deps, record, job.attempts);
    throw err;
  } finally {
    clearInterval(heartbeat);
  }
}

async function setVisibility(deps: Deps, record: SQSRecord, seconds: number): Promise<void> {
  if (!deps.config.queues.captures.url) return;
  await deps.aws.sqs.send(
    new ChangeMessageVisibilityCommand({
      QueueUrl: deps.config.queues.captures.url,
      ReceiptHandle: record.receiptHandle,
      VisibilityTimeout: seconds,
    }),
  );
}

/** Shortens the wait before SQS redelivers (or, after the last attempt, dead-letters) a failed message: base × 2^(attempt−1). */
async function retryLater(deps: Deps, record: SQSRecord, attempt: number): Promise<void> {
  const delay = Math.min(
    deps.config.jobs.visibilitySeconds,
    deps.config.jobs.retrySeconds * 2 ** (attempt - 1),
  );
  await setVisibility(deps, record, delay).catch((err) =>
    deps.logger.warn('could not shorten the retry delay', { err }),
  );
}
