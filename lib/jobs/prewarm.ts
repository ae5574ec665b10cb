/**
 * @module jobs/prewarm
 * `HEAD` on a capture URL (§14): a newsletter warms its images before it is sent. A cached render
 * answers at once; otherwise the render starts as a job — one per parameters, however many HEADs
 * come (a claim in the cache table) — and a `GET` that arrives while it runs waits for it
 * (captures/sync) instead of rendering and charging a second time.
 */

import { lookUp } from '../captures/run.ts';
import { asJob } from '../captures/sync.ts';
import type { Deps } from '../deps.ts';
import type { CapturePlan } from '../schemas/plan.ts';
import type { CaptureResponse } from '../schemas/response.ts';
import { claimWarming, findWarming, releaseWarming } from '../store/cache.ts';
import { enqueue } from './enqueue.ts';

export type Prewarmed =
  | { cached: CaptureResponse }
  /** `started`: this HEAD queued the job; otherwise an earlier one is still warming. */
  | { jobId: string; renderId: string; price: number; started: boolean };

export async function prewarm(deps: Deps, plan: CapturePlan): Promise<Prewarmed> {
  const { hit, warmingJob } = await lookUp(deps, plan);
  if (hit) return { cached: hit };
  if (warmingJob) return { jobId: warmingJob, renderId: plan.renderId, price: 0, started: false };
  const { accountId, cacheKey: hash } = plan;
  const now = deps.now();
  const job = asJob(plan, 'Started by a HEAD request to warm the cache.');
  const claimed = await claimWarming(deps.table, {
    accountId,
    hash,
    jobId: job.jobId!,
    untilMs: now + job.budget.slotLeaseMs,
    now,
  });
  if (!claimed) {
    const other = await findWarming(deps.table, accountId, hash, now);
    return { jobId: other ?? job.jobId!, renderId: plan.renderId, price: 0, started: false };
  }
  try {
    await enqueue(deps, job);
  } catch (err) {
    await releaseWarming(deps.table, accountId, hash);
    throw err;
  }
  return { jobId: job.jobId!, renderId: job.renderId, price: job.price, started: true };
}
