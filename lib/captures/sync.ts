/**
 * @module captures/sync
 * A synchronous capture: cache → reserve credits → produce → cache; a failure after the
 * reservation refunds it. Nothing is charged for cache hits or test keys.
 */

import { refundCredits, reserveCredits } from '../billing/ledger.ts';
import { type CaptureKind, priceOf } from '../billing/prices.ts';
import type { CaptureSession } from '../capture/types.ts';
import type { Deps } from '../deps.ts';
import { newId } from '../ids.ts';
import type { CaptureParams, RawParams } from '../schemas/capture.ts';
import { cachedRender, rememberRender } from './cache.ts';
import { cacheKey } from './cache-key.ts';
import { produceRender } from './produce.ts';
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

  const id = newId('cap');
  const cost = req.test ? 0 : priceOf(req.kind, params);
  await reserveCredits(deps.table, req.accountId, cost, id, deps.now());
  try {
    const { render } = await produceRender(deps, {
      id,
      kind: req.kind,
      params,
      accountId: req.accountId,
      test: req.test,
      session: req.session?.data,
      timeoutMs: Math.min(params.timeout_ms ?? SYNC_TIMEOUT_MS, SYNC_TIMEOUT_MS),
    });
    await rememberRender(deps, { accountId: req.accountId, hash, params, render });
    return respond(render, cost, false);
  } catch (err) {
    await refundCredits(deps.table, req.accountId, cost, id, deps.now());
    throw err;
  }
}
