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
  /** Requests still admitted right now. */
  remaining: number;
  /** When refused: ms until a request would be admitted. */
  retryAfterMs: number;
  /** ms until every admission now in the window has left it. */
  resetMs: number;
}

export interface RateLimitBatch {
  /** One decision per request, in the order the limits were given. */
  decisions: RateLimitDecision[];
  /** The log to store: the pruned stored log plus one entry per admitted request. */
  log: number[];
  /** How many of the requests were admitted (nothing to store when 0). */
  admitted: number;
}

/**
 * Decides requests that arrived together, one after the other at the same instant, each against
 * its own limit (an account's requests can carry different limits while an override changes):
 * each one counts the admissions before it, those of earlier requests of the batch included.
 */
export function decideBatch(
  now: number,
  stored: readonly number[] | undefined,
  windowMs: number,
  limits: readonly number[],
): RateLimitBatch {
  const since = now - windowMs;
  const counted = (stored ?? []).filter((t) => t > since).sort((a, b) => a - b);
  // A process whose clock runs ahead can have stored admissions "after" now: ours go before them.
  const split = counted.findIndex((t) => t > now);
  const before = split === -1 ? counted : counted.slice(0, split);
  const after = split === -1 ? [] : counted.slice(split);
  let admitted = 0;
  /** The i-th admission, oldest first, of the log as it stands. */
  const nth = (i: number) =>
    i < before.length
      ? before[i]!
      : i < before.length + admitted
        ? now
        : after[i - before.length - admitted]!;
  const decisions = limits.map((limit): RateLimitDecision => {
    const allowed = before.length + admitted + after.length < limit;
    if (allowed) admitted++;
    const count = before.length + admitted + after.length;
    return {
      allowed,
      remaining: Math.max(0, limit - count),
      // Refused: a slot frees when the oldest admission that still counts against the limit
      // leaves the window. A limit of 0 admits nothing, ever: "not within this window".
      retryAfterMs: allowed ? 0 : limit <= 0 ? windowMs : Math.max(1, nth(count - limit) + windowMs - now),
      resetMs: count ? nth(count - 1) + windowMs - now : 0,
    };
  });
  return { decisions, log: [...before, ...Array<number>(admitted).fill(now), ...after], admitted };
}

/** One request on its own: the batch of one. */
export function decide(
  now: number,
  stored: readonly number[] | undefined,
  policy: RateLimitPolicy,
): RateLimitDecision & { log: number[] } {
  const { decisions, log } = decideBatch(now, stored, policy.windowMs, [policy.limit]);
  return { ...decisions[0]!, log };
}
