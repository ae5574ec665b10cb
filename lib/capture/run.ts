/**
 * @module capture/run
 * The clock of one capture: the budget's deadline, the current stage (for error messages),
 * per-stage timings, and the watchdog that ends a capture at the deadline.
 */
import { outOfTime } from './failures.ts';
import type { CaptureOptions } from './types.ts';

export interface Run {
  /** The whole budget (ms), as asked for. */
  readonly budget: number;
  readonly deadline: number;
  readonly timings: Record<string, number>;
  readonly stage: string;
  /** ms left in the budget. */
  left(): number;
  /** ms left, keeping `reserveMs` for later stages (never below `floorMs`). */
  leftFor(reserveMs: number, floorMs?: number): number;
  /** Runs one stage, recording its duration (accumulated if the stage runs twice). */
  step<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

export function startRun(budgetMs: number): Run {
  const started = Date.now();
  const deadline = started + budgetMs;
  const timings: Record<string, number> = {};
  let stage = 'setup';
  return {
    budget: budgetMs,
    deadline,
    timings,
    get stage() {
      return stage;
    },
    left: () => deadline - Date.now(),
    leftFor: (reserveMs, floorMs = 250) => Math.max(floorMs, deadline - Date.now() - reserveMs),
    async step(name, fn) {
      stage = name;
      const t = Date.now();
      try {
        return await fn();
      } finally {
        timings[name] = (timings[name] ?? 0) + (Date.now() - t);
      }
    },
  };
}

/**
 * Races the pipeline against what can end a capture from outside: the browser going away, the
 * renderer crashing, the budget running out, the caller aborting.
 */
export async function watch<T>(
  work: Promise<T>,
  failures: Promise<never>[],
  run: Run,
  opts: CaptureOptions,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const limits = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(outOfTime(run.stage, opts.timeoutMs)), run.left());
    onAbort = () => reject(opts.signal!.reason);
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
  });
  work.catch(() => {});
  const failed = detachable(failures);
  try {
    return await Promise.race([work, limits, failed.promise]);
  } finally {
    failed.detach();
    clearTimeout(timer);
    if (onAbort) opts.signal?.removeEventListener('abort', onAbort);
    // Closures made here share this function's context; drop what could reach the result.
    onAbort = undefined;
  }
}

/**
 * A promise that rejects when any of `failures` does, until `detach()`. Some failures live as
 * long as the browser (lease.lost): racing them directly would leave a reaction on each that
 * keeps every capture's result reachable until the browser is recycled. Here the only thing a
 * long-lived reaction holds is `holder`, emptied by `detach()`. (A module-level function, so its
 * closures share no context with the caller's.)
 */
function detachable(failures: Promise<never>[]): { promise: Promise<never>; detach(): void } {
  const holder: { reject?: (err: unknown) => void } = {};
  const promise = new Promise<never>((_, reject) => {
    holder.reject = reject;
  });
  promise.catch(() => {});
  for (const failure of failures) failure.catch((err) => holder.reject?.(err));
  return {
    promise,
    detach: () => {
      holder.reject = undefined;
    },
  };
}

/** Does `p` settle (either way) within `ms`? */
export async function settles(p: Promise<unknown> | undefined, ms: number): Promise<boolean> {
  if (!p) return true;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((r) => {
    timer = setTimeout(() => r(false), ms);
  });
  try {
    return await Promise.race([
      p.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** `p`, or a rejection with `onTimeout()` when it has not settled within `ms`. */
export function within<T>(
  p: Promise<T>,
  ms: number,
  onTimeout: () => Error = () => new Error(`timed out after ${ms} ms`),
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    p.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
