/**
 * @module captures/outcome
 * How a plan ends, whichever way it ran. `fail`: its credits back (captures/refund, so even with
 * DynamoDB down they are paid once) and, for a job, the job failed and its webhook queued.
 * `complete`: a job's result stored and its webhook queued. Both are idempotent: a job ends once.
 */
import type { Deps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import type { CapturePlan } from '../schemas/plan.ts';
import type { CaptureResponse, JobError } from '../schemas/response.ts';
import { finishJob } from '../store/jobs.ts';
import { queueWebhook } from '../webhooks/queue.ts';
import { refundOrQueue } from './refund.ts';

/** What a job's `error` says about a failure: the API error's own code, else a generic one. */
export function failureOf(err: unknown): JobError {
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

/** The plan will not make its render. `lease` is the worker's token; without it, any pending job ends. */
export async function fail(deps: Deps, plan: CapturePlan, reason: JobError, lease?: string): Promise<void> {
  deps.metrics.count('CaptureFailures');
  await refundOrQueue(deps, { accountId: plan.accountId, amount: plan.price, ref: plan.refundRef });
  if (plan.jobId) await endJob(deps, plan, { status: 'failed', error: reason }, lease);
}

/** A job's plan made its render. */
export async function complete(
  deps: Deps,
  plan: CapturePlan,
  result: CaptureResponse,
  lease: string,
): Promise<void> {
  await endJob(deps, plan, { status: 'completed', result }, lease);
}

async function endJob(
  deps: Deps,
  plan: CapturePlan,
  end: { status: 'completed'; result: CaptureResponse } | { status: 'failed'; error: JobError },
  token: string | undefined,
): Promise<void> {
  const webhook = Boolean(plan.params.webhook_url);
  const ended = await finishJob(deps.table, plan.jobId!, {
    ...end,
    ...(token ? { token } : {}),
    webhookStatus: webhook ? 'pending' : 'none',
    now: deps.now(),
  });
  if (ended && webhook) await queueWebhook(deps, plan.jobId!, 1);
}
