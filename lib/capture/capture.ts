/**
 * @module capture/capture
 * One capture, as a flat sequence: check the target → take a browser slot → the capture's
 * egress proxy and a fresh context behind it (opened ahead by the capture before, `spare.ts`, or
 * now) → the page steps (`page.ts`) under a watchdog → finish. Failures come out as
 * `CaptureFailed` (422) or `Unavailable('browser')` (503). A failed capture closes its context
 * (its renderer goes with it) and has the browser prove it still answers before giving the slot
 * back: a wedged browser is replaced then, not handed to the next capture.
 */
import { Unavailable } from '../errors.ts';
import type { BrowserLease, BrowserPool } from './browser.ts';
import { type CaptureContext, openCaptureContext } from './context.ts';
import { ContextTimeout, captureError } from './failures.ts';
import { type CaptureGuard, type GuardOptions, openGuard, precheckTarget } from './guard.ts';
import { capturePage } from './page.ts';
import { type Run, settles, startRun, watch } from './run.ts';
import { prepareSpare, takeSpare } from './spare.ts';
import type { CaptureInput, CaptureOptions, CaptureResult } from './types.ts';

/** What a running capture holds, given back in `finish`. */
interface Holding {
  /** Replaced when the capture moves to a new browser before it touched its page. */
  lease: BrowserLease;
  guardOptions: GuardOptions;
  guard?: CaptureGuard;
  ctx?: CaptureContext;
  /** The capture failed: the browser proves it still answers before the slot is free. */
  failed: boolean;
  /** The browser is to blame: it is recycled once idle. */
  unhealthy: boolean;
}

/** Captures one page. See `CaptureInput` for the parameters and `CaptureResult` for the output. */
export async function capture(
  pool: BrowserPool,
  params: CaptureInput,
  opts: CaptureOptions,
): Promise<CaptureResult> {
  const started = Date.now();
  const guardOptions = {
    allowPrivateTargets: opts.allowPrivateTargets,
    lookup: pool.options.lookup,
    dial: pool.options.dial,
  };
  // `html` input fetches no main document: only its sub-resources go out, each through the guard.
  if (params.html === undefined) await precheckTarget(params.url, guardOptions, opts.timeoutMs);
  const lease = await pool.acquire({ timeoutMs: opts.timeoutMs, signal: opts.signal });
  const held: Holding = { lease, guardOptions, failed: false, unhealthy: false };
  const waited = Date.now() - started;
  const run = startRun(opts.timeoutMs);
  try {
    const ctx = await run.step('context', () => openCapture(pool, held, run, opts));
    held.ctx = ctx;
    const page = capturePage(ctx, held.guard!, params, run, pool.options.filterListDirs, opts.model);
    const result = await watch(page, [held.lease.lost, ctx.crashed], run, opts);
    result.timings = { browser: waited, ...run.timings, total: Date.now() - started };
    return result;
  } catch (err) {
    throw failure(err, held, run, opts);
  } finally {
    await finish(held);
  }
}

/** A healthy browser opens a context and page in 150–550 ms with two captures running. */
const CONTEXT_MS = 5000;
/** Disposing a context takes 5–30 ms, even with a hung or stopped renderer. */
const CLOSE_MS = 3000;

const contextDeadline = (run: Run) => Math.max(0, Math.min(CONTEXT_MS, run.left()));

/** The capture's guard and context: the browser's spare (capture/spare.ts), or new ones. */
async function openCapture(
  pool: BrowserPool,
  held: Holding,
  run: Run,
  opts: CaptureOptions,
): Promise<CaptureContext> {
  const spare = await takeSpare(held.lease.browser, held.guardOptions);
  if (spare) {
    held.guard = spare.guard;
    return spare.ctx;
  }
  held.guard = await openGuard(held.guardOptions);
  return openContext(pool, held, held.guard, run, opts);
}

/**
 * The capture's context, behind its guard's proxy. Nothing of the capture ran yet: when its
 * browser died since the last capture (and the pool has not heard yet) or is too wedged to open a
 * page, the capture moves to the pool's next browser instead of failing.
 */
async function openContext(
  pool: BrowserPool,
  held: Holding,
  guard: CaptureGuard,
  run: Run,
  opts: CaptureOptions,
): Promise<CaptureContext> {
  try {
    return await openCaptureContext(held.lease.browser, guard.proxyUrl, contextDeadline(run));
  } catch (err) {
    if (run.left() < 1000 || !(await browserFailed(held.lease, err))) throw err;
    held.lease.release({ unhealthy: true });
    held.lease = await pool.acquire({ timeoutMs: run.left(), signal: opts.signal });
    return openCaptureContext(held.lease.browser, guard.proxyUrl, contextDeadline(run));
  }
}

/** Did the browser fail to open a context because it went away or is wedged (and was replaced)? */
async function browserFailed(lease: BrowserLease, err: unknown): Promise<boolean> {
  if (err instanceof ContextTimeout) return !(await lease.prove());
  // A killed Chromium is noticed within a second.
  return !lease.browser.connected || (await settles(lease.lost, 1000));
}

/** The error the capture ends with; the caller's own abort goes back to it as it came. */
function failure(err: unknown, held: Holding, run: Run, opts: CaptureOptions): unknown {
  if (opts.signal?.aborted && err === opts.signal.reason) return err;
  held.failed = true;
  const error = captureError(err, {
    browserConnected: held.lease.browser.connected,
    pageCrashed: held.ctx?.isCrashed() ?? false,
    stage: run.stage,
  });
  if (error instanceof Unavailable) held.unhealthy = true;
  return error;
}

/** Closes the context and the guard, proves the browser after a failure, gives the slot back. */
async function finish(held: Holding): Promise<void> {
  // Closing the context ends its renderer, however stuck (Chromium kills it, in ms); a close
  // that hangs means the browser itself stopped answering.
  if (held.ctx && !(await settles(held.ctx.close(), CLOSE_MS))) held.unhealthy = held.failed = true;
  // A failure may be the browser's doing (a timeout, a call without answer): it proves it still
  // answers before the slot is free, and is replaced now if not.
  if (held.failed) await held.lease.prove();
  await held.guard?.close();
  // A browser that served this capture well opens the next one's context meanwhile.
  if (!held.failed && !held.unhealthy) prepareSpare(held.lease.browser, held.guardOptions);
  held.lease.release({ unhealthy: held.unhealthy });
}
