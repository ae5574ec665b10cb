/**
 * @module billing/rate-limit
 * The rolling-window limit as a pure function of (now, stored slots, limits): an account has
 * `limit` slots, each holding the time of the admission that last claimed it. A slot is free when
 * it was never claimed or its admission has left the window; an admission claims a free slot. A
 * slot holds at most one admission per window, so no window of `windowMs` — wherever it starts —
 * ever holds more than `limit` admissions, and while fewer than `limit` admissions are in the
 * window a slot is free. Slots at or beyond a request's limit are ignored (an account whose plan
 * shrank keeps them until they expire; one that grew finds its new slots free).
 */

export interface RateLimitDecision {
  allowed: boolean;
  /** Requests still admitted right now: free slots after this admission. */
  remaining: number;
  /** When refused: ms until the earliest busy slot frees. */
  retryAfterMs: number;
  /** ms until the latest busy slot frees (every admission now in the window has left it). */
  resetMs: number;
}

/** Slot index → time (ms) of the admission that claimed it; a hole is a slot never claimed. */
export type Slots = ReadonlyArray<number | undefined>;

export interface SlotBatch {
  /** One per request, in order: the slot it claims, or undefined when refused. */
  claims: Array<number | undefined>;
  decisions: RateLimitDecision[];
}

/**
 * Claims are drawn at random among the first free slots in index order, not among all of them:
 * enough choice that processes deciding on the same stale state rarely pick the same slot, while
 * the item only grows to the slots an account actually keeps busy, not to its limit.
 */
export const CANDIDATE_SLOTS = 1024;

export const isFree = (t: number | undefined, now: number, windowMs: number): boolean =>
  t === undefined || t <= now - windowMs;

/** What one limit sees of the slots: how many are free, where to claim, when busy ones free. */
interface View {
  limit: number;
  free: number;
  candidates: number[];
  earliest: number;
  latest: number;
}

function view(now: number, slots: Slots, windowMs: number, limit: number): View {
  const v: View = { limit, free: 0, candidates: [], earliest: Infinity, latest: -Infinity };
  const stored = Math.min(limit, slots.length);
  for (let i = 0; i < stored; i++) {
    const t = slots[i];
    if (isFree(t, now, windowMs)) {
      v.free++;
      if (v.candidates.length < CANDIDATE_SLOTS) v.candidates.push(i);
    } else {
      v.earliest = Math.min(v.earliest, t! + windowMs);
      v.latest = Math.max(v.latest, t! + windowMs);
    }
  }
  v.free += Math.max(0, limit - stored);
  for (let i = stored; i < limit && v.candidates.length < CANDIDATE_SLOTS; i++) v.candidates.push(i);
  return v;
}

const resetOf = (v: View, now: number) => (v.latest === -Infinity ? 0 : v.latest - now);

/**
 * Decides requests that arrived together, one after the other at the same instant, each against
 * its own limit (an account's requests can carry different limits while an override changes):
 * each admitted request claims one free slot, chosen at random, so the ones after it see one less.
 */
export function decideBatch(
  now: number,
  slots: Slots,
  windowMs: number,
  limits: readonly number[],
  random: () => number = Math.random,
): SlotBatch {
  const taken = [...slots];
  const claims: Array<number | undefined> = [];
  let seen: View | undefined;
  const decisions = limits.map((limit): RateLimitDecision => {
    const reusable = seen?.limit === limit && (seen.candidates.length > 0 || seen.free === 0);
    const v = reusable ? seen! : view(now, taken, windowMs, limit);
    seen = v;
    if (v.free === 0 || limit <= 0) {
      claims.push(undefined);
      // A limit of 0 admits nothing, ever: "not within this window".
      const retryAfterMs = limit <= 0 ? windowMs : Math.max(1, v.earliest - now);
      return { allowed: false, remaining: 0, retryAfterMs, resetMs: resetOf(v, now) };
    }
    const [slot] = v.candidates.splice(Math.floor(random() * v.candidates.length), 1);
    taken[slot!] = now;
    claims.push(slot);
    v.free--;
    v.earliest = Math.min(v.earliest, now + windowMs);
    v.latest = Math.max(v.latest, now + windowMs);
    return { allowed: true, remaining: v.free, retryAfterMs: 0, resetMs: resetOf(v, now) };
  });
  return { claims, decisions };
}

/**
 * The decisions of a batch once its claims are stored, told from the slots as they stand after
 * the write (other processes' admissions included): each admitted request counts the free slots
 * plus the ones that requests after it in the batch claimed.
 */
export function settleBatch(
  now: number,
  after: Slots,
  windowMs: number,
  limits: readonly number[],
  batch: SlotBatch,
): RateLimitDecision[] {
  const views = new Map<number, View>();
  return batch.decisions.map((decision, i) => {
    if (!decision.allowed) return decision;
    const limit = limits[i]!;
    const v = views.get(limit) ?? view(now, after, windowMs, limit);
    views.set(limit, v);
    const later = batch.claims.slice(i + 1).filter((slot) => slot !== undefined && slot < limit).length;
    return { ...decision, remaining: v.free + later, resetMs: resetOf(v, now) };
  });
}

/** One request on its own: the batch of one. */
export function decide(
  now: number,
  slots: Slots,
  limit: number,
  windowMs: number,
  random?: () => number,
): RateLimitDecision & { slot: number | undefined } {
  const { claims, decisions } = decideBatch(now, slots, windowMs, [limit], random);
  return { ...decisions[0]!, slot: claims[0] };
}
