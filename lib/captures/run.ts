/**
 * @module captures/run
 * Running a plan, the same for the sync route and the worker: produce (captures/produce: page →
 * compose → store) → remember (the cache) → respond. Charging, slots and job bookkeeping are its
 * callers' (captures/sync, jobs/run); a cache hit is answered before any of them.
 */

import { getRenderObject } from '../blobs/renders.ts';
import type { CaptureSession } from '../capture/types.ts';
import { RENDER_CONTENT_TYPES } from '../compose/encode.ts';
import type { Deps } from '../deps.ts';
import type { RenderFormat } from '../schemas/capture.ts';
import type { CapturePlan } from '../schemas/plan.ts';
import type { CaptureResponse } from '../schemas/response.ts';
import { cacheHashFor, lookUpCache } from './cache.ts';
import { type Produced, produceRender, type Stage } from './produce.ts';
import { captureResponse } from './respond.ts';
import { openSession } from './session.ts';
import { withStorage } from './storage.ts';
import { uploadRender } from './upload.ts';

export interface PlanRun {
  /** Credentials already opened (a sync request); otherwise the plan's profile is opened now. */
  session?: CaptureSession;
  /** Called as each stage starts: a job's stage bookkeeping, a sync capture's early slot release. */
  onStage?: (stage: Stage) => Promise<void> | void;
  /** `performance.now()` when the request came in: `duration_ms` counts from there, else the render's own. */
  startedAt?: number;
  /** The capture's budget when it is shorter than the plan's (a synchronous request's deadline). */
  timeoutMs?: number;
  /** Hands the encoded render and its stage timings to a caller that answers with them. */
  onProduced?: (produced: Pick<Produced, 'image' | 'timings'>) => void;
}

const since = (startedAt: number) => Math.round(performance.now() - startedAt);

export async function runPlan(deps: Deps, plan: CapturePlan, run: PlanRun = {}): Promise<CaptureResponse> {
  const session = run.session ?? (await openSession(deps, plan));
  const { render, image, timings } = await produceRender(deps, {
    id: plan.renderId,
    kind: plan.kind,
    params: plan.params,
    accountId: plan.accountId,
    test: plan.test,
    timeoutMs: run.timeoutMs ?? plan.budget.timeoutMs,
    ...(plan.ai ? { ai: plan.ai } : {}),
    ...(session ? { session } : {}),
    ...(run.onStage ? { onStage: run.onStage } : {}),
    cacheHash: cacheHashFor(plan.params, plan.cacheKey),
  });
  run.onProduced?.({ image, timings });
  deps.metrics.count('Captures');
  deps.metrics.count('CreditsCharged', plan.price);
  const response = captureResponse(render, deps.links, plan, {
    durationMs: run.startedAt === undefined ? render.duration_ms : since(run.startedAt),
    creditsUsed: plan.price,
    cached: false,
  });
  const uploaded = await withUpload(deps, plan, response, async () => image);
  return withStorage(deps, plan, uploaded, async () => image);
}

/** `upload_url` (§14): the render also PUT there, the outcome in the answer; never a failure. */
async function withUpload(
  deps: Deps,
  plan: CapturePlan,
  response: CaptureResponse,
  bytes: () => Promise<Buffer>,
): Promise<CaptureResponse> {
  const url = plan.params.upload_url;
  if (!url) return response;
  let body: Buffer;
  try {
    body = await bytes();
  } catch (err) {
    return {
      ...response,
      upload: { status: 'failed', message: `The render could not be read: ${(err as Error).message}` },
    };
  }
  const type = RENDER_CONTENT_TYPES[response.format as RenderFormat];
  return { ...response, upload: await uploadRender(deps, url, body, type) };
}

/** The answer from the cache, free, when a render with the same pixels is fresh enough. */
export async function cachedResponse(
  deps: Deps,
  plan: CapturePlan,
  startedAt?: number,
): Promise<CaptureResponse | undefined> {
  return (await lookUp(deps, plan, startedAt)).hit;
}

/** The cache's answer (see `cachedResponse`), and the job a `HEAD` started to fill it, if one runs. */
export async function lookUp(
  deps: Deps,
  plan: CapturePlan,
  startedAt?: number,
): Promise<{ hit?: CaptureResponse; warmingJob?: string }> {
  const { accountId, cacheKey: hash, params } = plan;
  const { render: hit, warmingJob } = await lookUpCache(deps, { accountId, hash, params });
  if (!hit) return warmingJob ? { warmingJob } : {};
  deps.metrics.count('CacheHits');
  const durationMs = startedAt === undefined ? 0 : since(startedAt);
  const response = captureResponse(hit, deps.links, plan, { durationMs, creditsUsed: 0, cached: true });
  const bucket = { s3: deps.aws.s3, name: deps.config.bucket };
  // Read once, whether upload_url, the project's storage or both want the bytes.
  let read: Promise<Buffer> | undefined;
  const bytes = () => (read ??= getRenderObject(bucket, hit.s3_key));
  const uploaded = await withUpload(deps, plan, response, bytes);
  return { hit: await withStorage(deps, plan, uploaded, bytes) };
}
