import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, currentPeriod, effectivePlan } from '../../lib/billing/plans.ts';
import { decide, decideBatch } from '../../lib/billing/rate-limit.ts';
import { summariseUsage } from '../../lib/billing/usage.ts';
import { DEFAULT_PLANS } from '../../lib/config.ts';

describe('the rolling-window limit (sliding log)', () => {
  it('admits a burst of exactly `limit`, then refuses with the wait until the next slot', () => {
    const policy = { limit: 10, windowMs: 60_000 };
    let log: number[] | undefined;
    const admitted = Array.from({ length: 25 }, () => {
      const d = decide(1_000, log, policy);
      if (d.allowed) log = d.log;
      return d;
    });
    expect(admitted.filter((d) => d.allowed)).toHaveLength(10);
    const refused = admitted.at(-1)!;
    expect(refused.retryAfterMs).toBe(60_000);
    expect(decide(1_000 + 59_999, log, policy).allowed).toBe(false);
    const later = decide(1_000 + 60_000, log, policy);
    expect(later).toMatchObject({ allowed: true, remaining: 9 });
    expect(later.log).toHaveLength(1);
  });

  it('never admits more than `limit` in any window, whatever the arrival times', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.integer({ min: 0, max: 300_000 }), { minLength: 1, maxLength: 300 }),
        (limit, offsets) => {
          const policy = { limit, windowMs: 60_000 };
          const times = [...offsets].sort((a, b) => a - b);
          let log: number[] | undefined;
          const admitted: number[] = [];
          for (const t of times) {
            const d = decide(t, log, policy);
            if (d.allowed) {
              log = d.log;
              admitted.push(t);
            }
          }
          for (const start of admitted) {
            const inWindow = admitted.filter((t) => t >= start && t < start + policy.windowMs).length;
            if (inWindow > limit) return false;
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });

  it('tells the truth with Retry-After: waiting that long is always enough', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 500 }), (limit, burst) => {
        const policy = { limit, windowMs: 60_000 };
        let log: number[] | undefined;
        let last = decide(0, log, policy);
        for (let i = 0; i < burst; i++) {
          last = decide(i * 100, log, policy);
          if (last.allowed) log = last.log;
        }
        if (last.allowed) return true;
        const at = (burst - 1) * 100 + last.retryAfterMs;
        return decide(at, log, policy).allowed && !decide(at - 1, log, policy).allowed;
      }),
    );
  });
});

describe('a batch of requests decided together', () => {
  it('decides each request as if it came alone, right after the ones before it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 120_000 }), { maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 60_000, max: 180_000 }),
        (stored, limits, now) => {
          const windowMs = 60_000;
          const batch = decideBatch(now, stored, windowMs, limits);
          let log: number[] = stored;
          const oneByOne = limits.map((limit) => {
            const { log: next, ...decision } = decide(now, log, { limit, windowMs });
            log = next;
            return decision;
          });
          expect(batch.decisions).toEqual(oneByOne);
          expect(batch.log).toEqual(log);
          expect(batch.admitted).toBe(oneByOne.filter((d) => d.allowed).length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('admits up to the room left, counting down, and gives every refusal the same honest wait', () => {
    const windowMs = 60_000;
    const batch = decideBatch(100_000, [99_000, 30_000, 50_000], windowMs, Array(8).fill(6));
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
    // The oldest counted admission (50 000; 30 000 has left) frees a slot at 110 000.
    expect(batch.decisions.slice(4).map((d) => d.retryAfterMs)).toEqual([10_000, 10_000, 10_000, 10_000]);
    expect(batch.decisions.every((d) => d.resetMs === windowMs)).toBe(true);
    expect(batch.log).toEqual([50_000, 99_000, 100_000, 100_000, 100_000, 100_000]);
    expect(batch.admitted).toBe(4);
  });

  it('refuses everything under a limit of 0 with a finite wait', () => {
    const { decisions, admitted } = decideBatch(1_000, [], 60_000, [0, 0]);
    expect(admitted).toBe(0);
    expect(decisions).toEqual([
      { allowed: false, remaining: 0, retryAfterMs: 60_000, resetMs: 0 },
      { allowed: false, remaining: 0, retryAfterMs: 60_000, resetMs: 0 },
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
