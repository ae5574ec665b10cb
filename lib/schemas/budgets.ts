/**
 * @module schemas/budgets
 * The time budgets of a capture: how long it may run (sync and async), and how long its
 * concurrency slot outlives it if its process dies. Imports nothing, like `limits.ts` beside it,
 * so the plan, the metering step, the worker and the schema all read the same numbers.
 */

/** The longest a synchronous capture may run: the client holds the connection open. */
export const SYNC_TIMEOUT_MS = 30_000;

/** The longest an async capture may run (and the default when `timeout_ms` is not set). */
export const ASYNC_TIMEOUT_MS = 90_000;

/** How long past its timeout a capture's concurrency slot is kept if its process dies. */
export const SLOT_GRACE_MS = 60_000;

/** The budget a capture runs with: its own `timeout_ms`, clamped to the limit of how it runs. */
export function timeoutBudget(p: { timeout_ms?: number; async: boolean }): number {
  const limit = p.async ? ASYNC_TIMEOUT_MS : SYNC_TIMEOUT_MS;
  return Math.min(p.timeout_ms ?? limit, limit);
}

/**
 * How long a capture's slot is leased. A worker holds its slot across claim, heartbeat and
 * retries bookkeeping, so an async slot is leased for the longest async run whatever the job asked.
 */
export function slotLeaseMs(p: { timeout_ms?: number; async: boolean }): number {
  return (p.async ? ASYNC_TIMEOUT_MS : timeoutBudget(p)) + SLOT_GRACE_MS;
}

/** Why `timeout_ms` is refused for a synchronous capture, or undefined when it is not. */
export function syncTimeoutProblem(p: { timeout_ms?: number; async: boolean }): string | undefined {
  if (p.async || (p.timeout_ms ?? 0) <= SYNC_TIMEOUT_MS) return undefined;
  return `Invalid timeout_ms. Synchronous captures allow at most ${SYNC_TIMEOUT_MS}; use "async": true for longer budgets`;
}

/**
 * What a synchronous request keeps, after its capture, to compose, store and answer (and refund,
 * if it comes to that): the capture itself must end this long before the request's deadline.
 * A 2400×1600 styled render composes in ~0.3 s warm and ~2 s with every layer cold.
 */
export const SYNC_ANSWER_RESERVE_MS = 5_000;

/** Below this much capture time, a synchronous request does not start a browser at all. */
export const SYNC_MIN_CAPTURE_MS = 2_000;

/**
 * The capture budget of a synchronous request that must answer by `deadline` (epoch ms): its own
 * budget, cut so that compose, store and the answer fit before the platform ends the request.
 */
export function syncCaptureBudget(timeoutMs: number, deadline: number, now: number): number {
  return Math.min(timeoutMs, deadline - now - SYNC_ANSWER_RESERVE_MS);
}
