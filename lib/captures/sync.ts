/**
 * @module captures/sync
 * A plan run now, for a synchronous request: cache → slot and credits (one write) → run the plan
 * (produce → remember → respond), the slot given back while the render is stored; a failure
 * after the reservation refunds it (captures/metered, through the plan's `fail`). Nothing is
 * charged for cache hits or test keys.
 *
 * A synchronous request has a deadline — API Gateway ends it at 29 s, and on Lambda the
 * invocation's remaining time says exactly when. The capture runs with what is left after
 * `SYNC_ANSWER_RESERVE_MS` (compose, store, answer), so it always ends in time to answer in the
 * envelope with its credits refunded and its slot freed. If it ran out of that cut budget (not of
 * its own `timeout_ms`), the request can continue as a job instead (`async_fallback`, default
 * on): the route enqueues `outlasted.job` and answers 202.
 */
import type { CaptureSession } from '../capture/types.ts';
import type { Deps } from '../deps.ts';
import { CaptureFailed } from '../errors.ts';
import { newId } from '../ids.ts';
import { SYNC_MIN_CAPTURE_MS, slotLeaseMs, syncCaptureBudget, timeoutBudget } from '../schemas/budgets.ts';
import type { CapturePlan } from '../schemas/plan.ts';
import type { CaptureResponse } from '../schemas/response.ts';
import { getJob } from '../store/jobs.ts';
import { metered } from './metered.ts';
import { fail, failureOf } from './outcome.ts';
import type { Produced } from './produce.ts';
import { cachedResponse, lookUp, runPlan } from './run.ts';

export type SyncResult =
  /** `image` and `timings` come with a fresh render (a cache hit has neither). */
  | { render: CaptureResponse; image?: Buffer; timings?: Record<string, number> }
  /** The request's time ran out first: `job` is the plan to run as a job (credits already refunded). */
  | { outlasted: { job: CapturePlan; why: string } };

export async function captureNow(
  deps: Deps,
  plan: CapturePlan,
  session?: CaptureSession,
  /** Epoch ms by which the request must have answered; absent = only the plan's own budget. */
  deadline?: number,
  /**
   * Settles when the rate limit admits the request (http/middleware/rate-limit), rejects when it
   * refuses: the cache is read meanwhile, and nothing is charged, uploaded or waited for before.
   */
  admitted?: Promise<unknown>,
): Promise<SyncResult> {
  const startedAt = performance.now();
  // A hit with `upload_url` PUTs the render somewhere: not for a request the limit may refuse.
  if (plan.params.upload_url) await admitted;
  const [cache] = await Promise.all([lookUp(deps, plan, startedAt), admitted]);
  const hit =
    cache.hit ?? (cache.warmingJob && (await warmed(deps, plan, cache.warmingJob, startedAt, deadline)));
  if (hit) return { render: hit };
  const own = plan.budget.timeoutMs;
  const budget = deadline === undefined ? own : syncCaptureBudget(own, deadline, deps.now());
  const cut = budget < own;
  if (cut && budget < SYNC_MIN_CAPTURE_MS) return outlasted(plan, budget, false);
  const metering = {
    accountId: plan.accountId,
    concurrencyLimit: plan.budget.slotLimit,
    timeoutMs: budget,
    cost: plan.price,
    ref: plan.refundRef,
  };
  let produced: Pick<Produced, 'image' | 'timings'> | undefined;
  const onProduced = (p: Pick<Produced, 'image' | 'timings'>) => {
    produced = p;
  };
  try {
    const render = await metered(
      deps,
      metering,
      (free) =>
        runPlan(deps, plan, {
          startedAt,
          timeoutMs: budget,
          onProduced,
          // Storing needs no browser: the slot is given back while the render is written.
          onStage: (stage) => {
            if (stage === 'storing') free();
          },
          ...(session ? { session } : {}),
        }),
      (err) => fail(deps, plan, failureOf(err)),
    );
    return { render, ...produced };
  } catch (err) {
    // A page still loading when the cut budget ran out: with the request's own budget it might
    // have finished, so this is the request's deadline at work, not the page failing.
    if (cut && err instanceof CaptureFailed && err.reason === 'navigation_timeout') {
      return outlasted(plan, budget, true, err);
    }
    throw err;
  }
}

/** How often a request waiting for a pre-warm's job looks at it. */
const WARM_POLL_MS = 250;

/**
 * A `HEAD` is warming this render (jobs/prewarm): wait for its job, within the request's time,
 * and answer from the cache it fills — one render, one charge. A failed or vanished job, or one
 * still running when the time is up, leaves the request to capture on its own.
 */
async function warmed(
  deps: Deps,
  plan: CapturePlan,
  jobId: string,
  startedAt: number,
  deadline: number | undefined,
): Promise<CaptureResponse | undefined> {
  const own = plan.budget.timeoutMs;
  const until = deps.now() + (deadline === undefined ? own : syncCaptureBudget(own, deadline, deps.now()));
  for (;;) {
    const job = await getJob(deps.table, jobId);
    if (job?.status !== 'pending')
      return job?.status === 'completed' ? cachedResponse(deps, plan, startedAt) : undefined;
    if (deps.now() + WARM_POLL_MS > until) return undefined;
    await new Promise((r) => setTimeout(r, WARM_POLL_MS));
  }
}

/**
 * The request ran out of time: the plan as a job when the request allows it, else the timeout
 * error saying why the budget was shorter than `timeout_ms`.
 */
function outlasted(plan: CapturePlan, budget: number, started: boolean, err?: CaptureFailed): SyncResult {
  const why = started
    ? `The capture did not finish within the ${Math.max(0, Math.round(budget))} ms a synchronous request had left`
    : 'Too little of the synchronous request was left to start a capture';
  if (plan.params.async_fallback === false) {
    throw new CaptureFailed(
      err?.reason ?? 'navigation_timeout',
      `${why}; nothing was charged. Use "async": true for pages this slow, or leave async_fallback on to continue as a job.${err ? ` ${err.message}` : ''}`,
    );
  }
  return { outlasted: { job: asJob(plan, `${why}; it continues as this job.`), why } };
}

/** A synchronous plan as the job that finishes it: its own id, async budgets, the same price. */
export function asJob(plan: CapturePlan, warning: string): CapturePlan {
  const jobId = newId('job');
  const params = { ...plan.params, async: true };
  return {
    ...plan,
    params,
    warnings: [...plan.warnings, warning],
    budget: { ...plan.budget, timeoutMs: timeoutBudget(params), slotLeaseMs: slotLeaseMs(params) },
    jobId,
    refundRef: jobId,
  };
}
