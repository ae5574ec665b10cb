import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, currentPeriod, effectivePlan } from '../../lib/billing/plans.ts';
import {
  CANDIDATE_SLOTS,
  decide,
  decideBatch,
  isFree,
  type Slots,
  settleBatch,
} from '../../lib/billing/rate-limit.ts';
import { summariseUsage } from '../../lib/billing/usage.ts';
import { DEFAULT_PLANS } from '../../lib/config.ts';

const WINDOW = 60_000;

/** A seeded random source, so a failing property replays. */
const seeded = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

const freeIn = (slots: Slots, now: number, limit: number) =>
  Array.from({ length: limit }, (_, i) => slots[i]).filter((t) => isFree(t, now, WINDOW)).length;

/** The most admissions any window of WINDOW ms holds. */
const busiestWindow = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return Math.max(0, ...sorted.map((start, i) => sorted.slice(i).filter((t) => t < start + WINDOW).length));
};

describe('the rolling-window limit (slots)', () => {
  it('admits a burst of exactly `limit`, then refuses with the wait until the earliest slot frees', () => {
    const slots: Array<number | undefined> = [];
    const decisions = Array.from({ length: 25 }, () => {
      const d = decide(1_000, slots, 10, WINDOW);
      if (d.slot !== undefined) slots[d.slot] = 1_000;
      return d;
    });
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
    expect(decisions.slice(0, 10).map((d) => d.remaining)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(decisions.at(-1)).toEqual({
      allowed: false,
      remaining: 0,
      retryAfterMs: WINDOW,
      resetMs: WINDOW,
      slot: undefined,
    });
    expect(decide(1_000 + 59_999, slots, 10, WINDOW).allowed).toBe(false);
    expect(decide(1_000 + WINDOW, slots, 10, WINDOW)).toMatchObject({ allowed: true, remaining: 9 });
  });

  it('never lets a window hold more than `limit` admissions, across processes deciding on stale slots', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 2, max: 5 }),
        fc.array(
          fc.record({
            process: fc.nat(),
            gap: fc.integer({ min: 0, max: 4_000 }),
            size: fc.integer({ min: 1, max: 6 }),
          }),
          { minLength: 1, maxLength: 300 },
        ),
        fc.integer({ min: 1, max: 2 ** 30 }),
        (limit, count, steps, seed) => {
          const random = seeded(seed);
          // DynamoDB's item, and each process's memory of it, refreshed only by its own writes.
          const stored: Array<number | undefined> = [];
          const known: Slots[] = Array.from({ length: count }, () => []);
          const inFlight: Array<{ at: number; slots: number[]; size: number } | undefined> = [];
          const admitted: number[] = [];
          let now = 0;
          for (const step of steps) {
            now += step.gap;
            const p = step.process % count;
            const write = inFlight[p];
            if (write) {
              // The write lands, possibly after others' writes since it was decided.
              inFlight[p] = undefined;
              if (write.slots.every((slot) => isFree(stored[slot], write.at, WINDOW))) {
                for (const slot of write.slots) stored[slot] = write.at;
                admitted.push(...write.slots.map(() => write.at));
              }
              known[p] = [...stored];
              continue;
            }
            const batch = decideBatch(now, known[p]!, WINDOW, Array(step.size).fill(limit), random);
            const claimed = batch.claims.filter((slot) => slot !== undefined);
            // A refusal is sound: the slots really are all busy (the claims of this batch aside).
            if (claimed.length < step.size && freeIn(stored, now, limit) > claimed.length) return false;
            if (claimed.length) inFlight[p] = { at: now, slots: claimed, size: step.size };
          }
          return busiestWindow(admitted) <= limit;
        },
      ),
      { numRuns: 300 },
    );
  });

  it('tells the truth with Retry-After: the earliest busy slot is free then, and not a ms before', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 500 }), (limit, burst) => {
        const slots: Array<number | undefined> = [];
        let last = decide(0, slots, limit, WINDOW);
        for (let i = 0; i < burst; i++) {
          last = decide(i * 100, slots, limit, WINDOW);
          if (last.slot !== undefined) slots[last.slot] = i * 100;
        }
        if (last.allowed) return true;
        const at = (burst - 1) * 100 + last.retryAfterMs;
        return decide(at, slots, limit, WINDOW).allowed && !decide(at - 1, slots, limit, WINDOW).allowed;
      }),
    );
  });

  it('ignores slots beyond the limit: a smaller plan does not see them, a larger one finds its new slots free', () => {
    const slots = Array<number>(10).fill(1_000);
    expect(decide(2_000, slots, 10, WINDOW).allowed).toBe(false);
    expect(decide(2_000, slots, 5, WINDOW)).toMatchObject({ allowed: false, retryAfterMs: 59_000 });
    expect(decide(2_000, slots, 15, WINDOW)).toMatchObject({ allowed: true, remaining: 4 });
    expect(decide(2_000, slots, 15, WINDOW).slot).toBeGreaterThanOrEqual(10);
  });

  it('claims among the first free slots, so the item grows with the traffic, not with the limit', () => {
    const { claims } = decideBatch(0, [], WINDOW, Array(25).fill(1_000_000));
    expect(claims.every((slot) => slot !== undefined && slot < CANDIDATE_SLOTS)).toBe(true);
    expect(new Set(claims).size).toBe(25);
  });
});

describe('a batch of requests decided together', () => {
  it('decides each request as if it came alone, right after the ones before it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 120_000 }), { nil: undefined }), { maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 60_000, max: 180_000 }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        (stored, limits, now, seed) => {
          const batch = decideBatch(now, stored, WINDOW, limits, seeded(seed));
          const random = seeded(seed);
          const slots = [...stored];
          const oneByOne = limits.map((limit) => {
            const { slot, ...decision } = decide(now, slots, limit, WINDOW, random);
            if (slot !== undefined) slots[slot] = now;
            return { slot, decision };
          });
          expect(batch.decisions).toEqual(oneByOne.map((d) => d.decision));
          expect(batch.claims).toEqual(oneByOne.map((d) => d.slot));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('admits up to the free slots, counting down, and gives every refusal the same honest wait', () => {
    // Slot 1 (30 000) has left the window at 100 000; slots 3 to 5 were never claimed.
    const batch = decideBatch(100_000, [99_000, 30_000, 50_000], WINDOW, Array(8).fill(6));
    expect(batch.decisions.map((d) => d.allowed)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(batch.decisions.map((d) => d.remaining)).toEqual([3, 2, 1, 0, 0, 0, 0, 0]);
    expect(new Set(batch.claims.slice(0, 4))).toEqual(new Set([1, 3, 4, 5]));
    expect(batch.claims.slice(4)).toEqual([undefined, undefined, undefined, undefined]);
    // The earliest busy slot (50 000) frees at 110 000.
    expect(batch.decisions.slice(4).map((d) => d.retryAfterMs)).toEqual([10_000, 10_000, 10_000, 10_000]);
    expect(batch.decisions.every((d) => d.resetMs === WINDOW)).toBe(true);
  });

  it('tells the admitted their place from the slots as the write left them', () => {
    const batch = decideBatch(100_000, [], WINDOW, [10, 10, 10]);
    // Meanwhile another process claimed two slots.
    const after = [100_000, 100_000, 100_000, 95_000, 96_000];
    const settled = settleBatch(100_000, after, WINDOW, [10, 10, 10], { ...batch, claims: [0, 1, 2] });
    expect(settled.map((d) => d.remaining)).toEqual([7, 6, 5]);
    expect(settled.every((d) => d.allowed && d.resetMs === WINDOW)).toBe(true);
  });

  it('refuses everything under a limit of 0 with a finite wait', () => {
    const { decisions, claims } = decideBatch(1_000, [], WINDOW, [0, 0]);
    expect(claims).toEqual([undefined, undefined]);
    expect(decisions).toEqual([
      { allowed: false, remaining: 0, retryAfterMs: WINDOW, resetMs: 0 },
      { allowed: false, remaining: 0, retryAfterMs: WINDOW, resetMs: 0 },
    ]);
  });
});

describe('plans and periods', () => {
  it('apply per-account overrides over the plan', () => {
    const plan = effectivePlan({ plan: 'free', limits: { requests_per_minute: 99 } }, DEFAULT_PLANS);
    expect(plan).toEqual({ name: 'free', monthlyCredits: 200, requestsPerMinute: 99, concurrentCaptures: 1 });
  });

  it('move by calendar months, clamped to month ends without drifting', () => {
    expect(addMonths('2026-01-31T10:00:00.000Z', 1)).toBe('2026-02-28T10:00:00.000Z');
    expect(addMonths('2026-01-31T10:00:00.000Z', 2)).toBe('2026-03-31T10:00:00.000Z');
    const p = currentPeriod('2026-01-31T10:00:00.000Z', Date.parse('2026-04-05T00:00:00.000Z'));
    expect(p).toEqual({ start: '2026-03-31T10:00:00.000Z', end: '2026-04-30T10:00:00.000Z', renewed: true });
    expect(currentPeriod('2026-11-01T00:00:00.000Z', Date.parse('2026-11-25T00:00:00.000Z')).renewed).toBe(
      false,
    );
  });
});

describe('usage from the ledger', () => {
  it('counts charged captures net of refunds, per day', () => {
    const now = Date.parse('2026-11-25T12:00:00.000Z');
    const e = (kind: 'debit' | 'refund' | 'grant', amount: number, ref: string, at: string) => ({
      id: `led_${ref}${kind}`,
      account_id: 'acct',
      amount,
      kind,
      ref,
      created_at: at,
    });
    const usage = summariseUsage(
      [
        e('grant', 100, 'g', '2026-11-01T00:00:00.000Z'),
        e('debit', -3, 'a', '2026-11-24T23:59:59.000Z'),
        e('refund', 3, 'a', '2026-11-25T00:00:01.000Z'),
        e('debit', -1, 'b', '2026-11-25T08:00:00.000Z'),
        e('debit', -4, 'c', '2026-11-20T08:00:00.000Z'),
        e('debit', -3, 'old', '2026-09-01T08:00:00.000Z'),
      ],
      now,
    );
    expect(usage.last_30_days).toEqual({ render_count: 2, credits_used: 5 });
    expect(usage.daily_breakdown).toHaveLength(30);
    expect(usage.daily_breakdown.at(-1)).toEqual({ day: '2026-11-25', renders: 1, credits: 1 });
    expect(usage.daily_breakdown.find((d) => d.day === '2026-11-24')).toEqual({
      day: '2026-11-24',
      renders: 0,
      credits: 0,
    });
  });
});
