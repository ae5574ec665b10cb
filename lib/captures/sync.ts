/**
 * @module captures/sync
 * A synchronous capture: cache → reserve credits → produce → cache; a failure after the
 * reservation refunds it. Nothing is charged for cache hits or test keys.
 */

import { reserveCredits } from '../billing/ledger.ts';
import { type CaptureKind, priceOf } from '../billing/prices.ts';
import type { CaptureSession } from '../capture/types.ts';
import type { Deps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { CaptureParams, RawParams } from '../schemas/capture.ts';
import { acquireSlot } from '../store/concurrency.ts';
import { cachedRender, rememberRender } from './cache.ts';
import { cacheKey } from './cache-key.ts';
import { produceRender } from './produce.ts';
import { refundOrQueue } from './refund.ts';
import { type CaptureResponse, captureResponse } from './respond.ts';

export interface CaptureRequest {
  kind: CaptureKind;
  params: CaptureParams | RawParams;
  accountId: string;
  test: boolean;
  /** Auth-profile credentials and the profile's cache scope. */
  session?: { data: CaptureSession; cacheScope: string };
  warnings?: string[];
  resolvedParams?: Record<string, unknown>;
  /** The account's concurrent-capture limit (sync and async together). */
  concurrencyLimit: number;
}

export const SYNC_TIMEOUT_MS = 30_000;

export async function captureNow(deps: Deps, req: CaptureRequest): Promise<CaptureResponse> {
  const started = performance.now();
  const params = req.params;
  const hash = cacheKey({ kind: req.kind, params, authProfileId: req.session?.cacheScope, test: req.test });
  const respond = (render: Parameters<typeof captureResponse>[0], creditsUsed: number, cached: boolean) =>
    captureResponse(render, deps.links, {
      durationMs: Math.round(performance.now() - started),
      creditsUsed,
      cached,
      warnings: req.warnings,
      resolvedParams: params.show_resolved_params ? req.resolvedParams : undefined,
    });

  const hit = await cachedRender(deps, { accountId: req.accountId, hash, params });
  if (hit) return respond(hit, 0, true);

  const timeoutMs = Math.min(params.timeout_ms ?? SYNC_TIMEOUT_MS, SYNC_TIMEOUT_MS);
  const slot = await acquireSlot(deps.table, {
    accountId: req.accountId,
    limit: req.concurrencyLimit,
    leaseMs: timeoutMs + SLOT_GRACE_MS,
    now: deps.now(),
  });
  if (!slot) throw tooManyInFlight(req.concurrencyLimit);
  const id = newId('cap');
  const cost = req.test ? 0 : priceOf(req.kind, params);
  try {
    await reserveCredits(deps.table, req.accountId, cost, id, deps.now());
  } catch (err) {
    await slot.release();
    throw err;
  }
  try {
    const { render } = await produceRender(deps, {
      id,
      kind: req.kind,
      params,
      accountId: req.accountId,
      test: req.test,
      session: req.session?.data,
      timeoutMs,
    });
    await rememberRender(deps, { accountId: req.accountId, hash, params, render });
    return respond(render, cost, false);
  } catch (err) {
    await refundOrQueue(deps, { accountId: req.accountId, amount: cost, ref: id });
    throw err;
  } finally {
    await slot.release();
  }
}

/** How long past its timeout a capture's concurrency slot is kept if its process dies. */
export const SLOT_GRACE_MS = 60_000;

export const tooManyInFlight = (limit: number) =>
  new ApiError(
    'rate_limited',
    429,
    `Your plan allows ${limit} capture${limit === 1 ? '' : 's'} in flight at once and that many are running. Retry when one finishes, or use "async": true to queue.`,
    { retry_after: 2 },
  ).withHeaders({ 'Retry-After': '2' });
