/**
 * @module jobs/accept
 * `async: true` (§4): reserve credits, write the job, put it on the queue, answer 202. If the
 * queue does not take it, the job and the reservation are rolled back and the caller gets 503 —
 * never a job no worker will see, never credits charged for nothing. A cache hit completes the
 * job at once, free.
 */

import { reserveCredits } from '../billing/ledger.ts';
import { priceOf } from '../billing/prices.ts';
import { cachedRender } from '../captures/cache.ts';
import { cacheKey } from '../captures/cache-key.ts';
import { refundOrQueue } from '../captures/refund.ts';
import { captureResponse } from '../captures/respond.ts';
import type { CaptureRequest } from '../captures/sync.ts';
import type { Deps } from '../deps.ts';
import { newId } from '../ids.ts';
import { sendMessage } from '../queue/messages.ts';
import { deleteJob, type Job, putJob } from '../store/jobs.ts';
import { isoTime } from '../store/table.ts';

export interface AcceptedJob {
  job_id: string;
  status: 'pending' | 'completed';
}

export async function acceptJob(
  deps: Deps,
  req: CaptureRequest & { projectId?: string },
): Promise<AcceptedJob> {
  const { params } = req;
  const now = deps.now();
  const hash = cacheKey({ kind: req.kind, params, authProfileId: req.session?.cacheScope, test: req.test });
  const base: Omit<Job, 'status' | 'stage' | 'result' | 'credits'> = {
    id: newId('job'),
    account_id: req.accountId,
    kind: req.kind,
    test: req.test,
    params,
    render_id: newId('cap'),
    cache_hash: hash,
    ...(req.session ? { session_profile_id: req.session.cacheScope } : {}),
    warnings: req.warnings ?? [],
    ...(params.show_resolved_params && req.resolvedParams ? { resolved_params: req.resolvedParams } : {}),
    error: null,
    attempts: 0,
    webhook_url: params.webhook_url ?? null,
    webhook_status: 'none',
    webhook_attempts: 0,
    ...(req.projectId ? { project_id: req.projectId } : {}),
    created_at: isoTime(now),
    started_at: null,
    completed_at: null,
  };

  const hit = await cachedRender(deps, { accountId: req.accountId, hash, params });
  if (hit) {
    const result = captureResponse(hit, deps.links, {
      durationMs: 0,
      creditsUsed: 0,
      cached: true,
      warnings: req.warnings,
      resolvedParams: base.resolved_params,
    });
    await putJob(
      deps.table,
      {
        ...base,
        credits: 0,
        status: 'completed',
        stage: 'done',
        result,
        started_at: isoTime(now),
        completed_at: isoTime(now),
      },
      now,
    );
    return { job_id: base.id, status: 'completed' };
  }

  const cost = req.test ? 0 : priceOf(req.kind, params);
  await reserveCredits(deps.table, req.accountId, cost, base.id, now);
  try {
    await putJob(
      deps.table,
      { ...base, credits: cost, status: 'pending', stage: 'queued', result: null },
      now,
    );
  } catch (err) {
    await refundOrQueue(deps, { accountId: req.accountId, amount: cost, ref: base.id });
    throw err;
  }
  try {
    await sendMessage(deps.aws.sqs, deps.config.queues.captures.url, { job_id: base.id });
  } catch (err) {
    await deleteJob(deps.table, base.id);
    await refundOrQueue(deps, { accountId: req.accountId, amount: cost, ref: base.id });
    throw err;
  }
  return { job_id: base.id, status: 'pending' };
}
