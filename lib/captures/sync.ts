/**
 * @module captures/sync
 * A synchronous capture: cache → slot → reserve credits → produce → cache; a failure after the
 * reservation refunds it (captures/metered). Nothing is charged for cache hits or test keys.
 */

import { type CaptureKind, priceOf } from '../billing/prices.ts';
import type { CaptureSession } from '../capture/types.ts';
import type { Deps } from '../deps.ts';
import { newId } from '../ids.ts';
import type { CaptureParams, RawParams } from '../schemas/capture.ts';
import { cachedRender, rememberRender } from './cache.ts';
import { cacheKey } from './cache-key.ts';
import { metered } from './metered.ts';
import { produceRender } from './produce.ts';
import { type CaptureResponse, captureResponse } from './respond.ts';

export { SLOT_GRACE_MS, tooManyInFlight } from './metered.ts';

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
  const id = newId('cap');
  const cost = req.test ? 0 : priceOf(req.kind, params);
  const metering = {
    accountId: req.accountId,
    concurrencyLimit: req.concurrencyLimit,
    timeoutMs,
    cost,
    ref: id,
  };
  return metered(deps, metering, async () => {
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
  });
}
