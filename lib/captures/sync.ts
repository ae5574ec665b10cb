/**
 * @module captures/sync
 * A plan run now, for a synchronous request: cache → slot → reserve credits → run the plan
 * (produce → remember → respond); a failure after the reservation refunds it (captures/metered,
 * through the plan's `fail`). Nothing is charged for cache hits or test keys.
 */
import type { CaptureSession } from '../capture/types.ts';
import type { Deps } from '../deps.ts';
import type { CapturePlan } from '../schemas/plan.ts';
import type { CaptureResponse } from '../schemas/response.ts';
import { metered } from './metered.ts';
import { fail, failureOf } from './outcome.ts';
import { cachedResponse, runPlan } from './run.ts';

export async function captureNow(
  deps: Deps,
  plan: CapturePlan,
  session?: CaptureSession,
): Promise<CaptureResponse> {
  const startedAt = performance.now();
  const hit = await cachedResponse(deps, plan, startedAt);
  if (hit) return hit;
  const metering = {
    accountId: plan.accountId,
    concurrencyLimit: plan.budget.slotLimit,
    timeoutMs: plan.budget.timeoutMs,
    cost: plan.price,
    ref: plan.refundRef,
  };
  return metered(
    deps,
    metering,
    () => runPlan(deps, plan, { startedAt, ...(session ? { session } : {}) }),
    (err) => fail(deps, plan, failureOf(err)),
  );
}
