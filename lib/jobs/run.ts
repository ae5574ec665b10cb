/**
 * @module jobs/run
 * The worker's per-message step (§4): take a slot, claim the job, run its stored plan through
 * the same `runPlan` as a sync capture, complete it with the same result shape and queue its
 * webhook. Permanent failures (422s, bad parameters) fail the plan at once with a refund;
 * transient ones (browser, backing services) release it and throw so SQS redelivers, up to
 * maxReceiveCount, then the DLQ.
 */
import type { SQSRecord } from 'aws-lambda';
import { getDocument } from '../blobs/documents.ts';
import { complete, fail, failureOf } from '../captures/outcome.ts';
import { runPlan } from '../captures/run.ts';
import type { Deps } from '../deps.ts';
import { ApiError, isRetryable } from '../errors.ts';
import { newId } from '../ids.ts';
import { type CaptureMessage, parseMessage, sendMessage, setVisibility } from '../queue/messages.ts';
import type { CapturePlan } from '../schemas/plan.ts';
import { acquireSlot } from '../store/concurrency.ts';
import { advanceJob, claimJob, getJob, type Job, releaseJob } from '../store/jobs.ts';

/**
 * A claimed job's lease is this share of the queue's visibility timeout, so the lease of a worker
 * that was killed has run out by the time SQS redelivers its message. The heartbeat renews both.
 */
const LEASE_SHARE = 0.9;

/** Seconds a job over its account's concurrency limit waits before it is looked at again. */
const WAIT_FOR_SLOT_SECONDS = 5;

/** The message came while another worker holds the job: it is looked at again when that lease ends. */
export class JobLeased extends Error {}

export async function runJob(deps: Deps, record: SQSRecord): Promise<void> {
  const message = parseMessage<CaptureMessage>(record.body);
  if (!message?.job_id) {
    deps.logger.error('dropping a malformed capture message', { messageId: record.messageId });
    return;
  }
  const peek = await getJob(deps.table, message.job_id);
  if (peek?.status !== 'pending') return;

  // Over the account's concurrent-capture limit, an async job waits in the queue instead of failing.
  const { plan } = peek;
  const slot = await acquireSlot(deps.table, {
    accountId: plan.accountId,
    limit: plan.budget.slotLimit,
    leaseMs: plan.budget.slotLeaseMs,
    now: deps.now(),
  });
  if (!slot) {
    const queue = deps.config.queues.captures.url;
    await sendMessage(deps.aws.sqs, queue, { job_id: peek.id }, WAIT_FOR_SLOT_SECONDS);
    return;
  }
  try {
    await runClaimed(deps, record, peek.id);
  } finally {
    await slot.release();
  }
}

async function runClaimed(deps: Deps, record: SQSRecord, jobId: string): Promise<void> {
  const token = newId('evt');
  const leaseMs = deps.config.jobs.visibilitySeconds * 1000 * LEASE_SHARE;
  const claim = await claimJob(deps.table, jobId, { token, leaseMs, now: deps.now() });
  // Finished or unknown: this copy of the message has nothing to do.
  if ('finished' in claim) return;
  if ('leasedUntil' in claim) {
    // A duplicate delivery while the job runs, or a redelivery that came a moment early: keep the
    // message, and see again once the lease has ended (finished by then, or its worker is gone).
    const seconds = Math.ceil((claim.leasedUntil - deps.now()) / 1000) + 1;
    await hide(deps, record, Math.min(seconds, deps.config.jobs.visibilitySeconds));
    throw new JobLeased(`job ${jobId} is leased by another worker for ${seconds} s more`);
  }
  const { job } = claim;
  const heartbeat = keepAlive(deps, record, job, token, leaseMs);
  try {
    const result = await runPlan(deps, await withDocument(deps, job.plan), {
      onStage: async (stage) => {
        job.stage = stage;
        await advanceJob(deps.table, job.id, { token, stage });
      },
    });
    await complete(deps, job.plan, result, token);
  } catch (err) {
    await failedAttempt(deps, record, job, token, err);
    if (isRetryable(err) || !(err instanceof ApiError)) throw err;
  } finally {
    clearInterval(heartbeat);
  }
}

/** Keeps the message invisible (and the lease alive) while a long capture runs. */
function keepAlive(deps: Deps, record: SQSRecord, job: Job, token: string, leaseMs: number) {
  const heartbeat = setInterval(
    () => {
      void hide(deps, record, deps.config.jobs.visibilitySeconds).catch((err) =>
        deps.logger.warn('visibility extension failed', { err }),
      );
      void advanceJob(deps.table, job.id, {
        token,
        stage: job.stage,
        leaseUntil: deps.now() + leaseMs,
      }).catch((err) => deps.logger.warn('lease extension failed', { err }));
    },
    (deps.config.jobs.visibilitySeconds * 1000) / 3,
  );
  heartbeat.unref();
  return heartbeat;
}

/**
 * A permanent failure fails the plan now. A transient one releases the job for the redelivery
 * (or, on the last attempt, fails it too, so pollers need not wait for the DLQ) and shortens the
 * wait before SQS redelivers; the caller rethrows it so SQS does.
 */
async function failedAttempt(deps: Deps, record: SQSRecord, job: Job, token: string, err: unknown) {
  if (!isRetryable(err) && err instanceof ApiError) {
    await fail(deps, job.plan, failureOf(err), token);
    return;
  }
  deps.logger.warn('capture job failed transiently', { jobId: job.id, attempt: job.attempts, err });
  if (job.attempts >= deps.config.jobs.maxAttempts) {
    await fail(deps, job.plan, failureOf(err), token);
  } else {
    await releaseJob(deps.table, job.id, token);
  }
  await retryLater(deps, record, job.attempts);
}

const hide = (deps: Deps, record: SQSRecord, seconds: number) =>
  setVisibility(deps.aws.sqs, deps.config.queues.captures.url, record.receiptHandle, seconds);

/** Shortens the wait before SQS redelivers (or, after the last attempt, dead-letters) a failed message: base × 2^(attempt−1). */
async function retryLater(deps: Deps, record: SQSRecord, attempt: number): Promise<void> {
  const delay = Math.min(
    deps.config.jobs.visibilitySeconds,
    deps.config.jobs.retrySeconds * 2 ** (attempt - 1),
  );
  await hide(deps, record, delay).catch((err) =>
    deps.logger.warn('could not shorten the retry delay', { err }),
  );
}

/** A stored plan with its `html` document back from S3 (enqueue stored it apart). */
async function withDocument(deps: Deps, plan: CapturePlan): Promise<CapturePlan> {
  if (!plan.documentKey) return plan;
  const html = await getDocument({ s3: deps.aws.s3, name: deps.config.bucket }, plan.documentKey);
  return { ...plan, params: { ...plan.params, html } };
}
