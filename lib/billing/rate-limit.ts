/**
 * @module billing/rate-limit
 * The rolling-window limit as a pure function of (now, stored state, policy): a sliding log of
 * the admission times within the last window. A request is admitted while fewer than `limit`
 * admissions happened in the `windowMs` before it, so no window of that length — wherever it
 * starts — ever holds more than `limit` requests.
 */

export interface RateLimitPolicy {
  limit: number;
  windowMs: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** The log to store when allowed (the pruned log when refused). */
  log: number[];
  /** Requests still admitted right now. */
  remaining: number;
  /** When refused: ms until a request would be admitted. */
  retryAfterMs: number;
  /** ms until every admission now in the window has left it. */
  resetMs: number;
}

export function decide(
  now: number,
  stored: readonly number[] | undefined,
  policy: RateLimitPolicy,
): RateLimitDecision {
  const since = now - policy.windowMs;
  const log = (stored ?? []).filter((t) => t > since).sort((a, b) => a - b);
  const allowed = log.length < policy.limit;
  const next = allowed ? [...log, now] : log;
  return {
    allowed,
    log: next,
    remaining: Math.max(0, policy.limit - next.length),
    // Refused: a slot frees when the oldest admission that still counts against the limit leaves the window.
    retryAfterMs: allowed ? 0 : Math.max(1, log[log.length - policy.limit]! + policy.windowMs - now),
    resetMs: next.length ? next[next.length - 1]! + policy.windowMs - now : 0,
  };
}
