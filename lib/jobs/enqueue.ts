/**
 * @module jobs/enqueue
 * `async: true` (§4): reserve the plan's credits, store the plan as a job, put the job on the
 * queue, answer 202. If the queue does not take it, the job and the reservation are rolled back
 * and the caller gets 503 — never a job no worker will see, never credits charged for nothing. A
 * cache hit completes the job at once, free.
 */
import { reserveCredits } from '../billing/ledger.ts';
import { putDocument } from '../blobs/documents.ts';
import { refundOrQueue } from '../captures/refund.ts';
import { cachedResponse } from '../captures/run.ts';
import type { Deps } from '../deps.ts';
import { sendMessage } from '../queue/messages.ts';
import type { CapturePlan } from '../schemas/plan.ts';
import type { AcceptedJob } from '../schemas/response.ts';
import { deleteJob, type Job, putJob } from '../store/jobs.ts';
import { isoTime } from '../store/table.ts';

const withoutDocument = ({ html: _, ...params }: CapturePlan['params']) => params as CapturePlan['params'];

/** A new job record for `plan` (its `jobId` set by `prepare` for async requests). */
function jobOf(plan: CapturePlan, now: number): Omit<Job, 'status' | 'stage' | 'result'> {
  return {
    id: plan.jobId!,
    account_id: plan.accountId,
    plan,
    error: null,
    attempts: 0,
    webhook_url: plan.params.webhook_url ?? null,
    webhook_status: 'none',
    webhook_attempts: 0,
    ...(plan.projectId ? { project_id: plan.projectId } : {}),
    created_at: isoTime(now),
    started_at: null,
    completed_at: null,
  };
}

/** The plan as a job stores it: an `html` document goes to S3 and the plan keeps its key. */
async function storable(deps: Deps, plan: CapturePlan): Promise<CapturePlan> {
  const { html, ...params } = plan.params;
  if (html === undefined) return plan;
  const documentKey = await putDocument({ s3: deps.aws.s3, name: deps.config.bucket }, html);
  return { ...plan, params: params as CapturePlan['params'], documentKey };
}

export async function enqueue(deps: Deps, requested: CapturePlan): Promise<AcceptedJob> {
  const now = deps.now();
  const hit = await cachedResponse(deps, requested);
  const plan = hit
    ? { ...requested, params: withoutDocument(requested.params) }
    : await storable(deps, requested);
  const job = jobOf(plan, now);
  if (hit) {
    const done = { status: 'completed', stage: 'done', result: hit } as const;
    const free = { ...plan, price: 0 };
    await putJob(
      deps.table,
      { ...job, ...done, plan: free, started_at: job.created_at, completed_at: job.created_at },
      now,
    );
    return { job_id: job.id, status: 'completed' };
  }

  const refund = () =>
    refundOrQueue(deps, { accountId: plan.accountId, amount: plan.price, ref: plan.refundRef });
  await reserveCredits(deps.table, plan.accountId, plan.price, plan.refundRef, now);
  try {
    await putJob(deps.table, { ...job, status: 'pending', stage: 'queued', result: null }, now);
  } catch (err) {
    await refund();
    throw err;
  }
  try {
    await sendMessage(deps.aws.sqs, deps.config.queues.captures.url, { job_id: job.id });
  } catch (err) {
    await deleteJob(deps.table, job.id);
    await refund();
    throw err;
  }
  return { job_id: job.id, status: 'pending' };
}
