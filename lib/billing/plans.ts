/**
 * @module billing/plans
 * The plan an account is on, with its per-account overrides, and its billing periods.
 */
import type { Plan } from '../config.ts';
import type { Account } from '../store/accounts.ts';

/** The account's plan with any per-account overrides (admin `accounts set-limits`). */
export function effectivePlan(account: Pick<Account, 'plan' | 'limits'>, plans: Record<string, Plan>): Plan {
  const base = plans[account.plan] ?? plans.free ?? Object.values(plans)[0]!;
  const o = account.limits ?? {};
  return {
    name: base.name,
    monthlyCredits: o.monthly_credits ?? base.monthlyCredits,
    requestsPerMinute: o.requests_per_minute ?? base.requestsPerMinute,
    concurrentCaptures: o.concurrent_captures ?? base.concurrentCaptures,
  };
}

/** `iso` plus `months` calendar months (UTC), clamped to the month's last day (Jan 31 + 1 → Feb 28/29). */
export function addMonths(iso: string, months: number): string {
  const d = new Date(iso);
  const day = d.getUTCDate();
  const target = new Date(
    Date.UTC(
      d.getUTCFullYear(),
      d.getUTCMonth() + months,
      1,
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    ),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString();
}

/** The period containing `now`, for a period that started at `periodStart` (whole months later). */
export function currentPeriod(
  periodStart: string,
  now: number,
): { start: string; end: string; renewed: boolean } {
  let start = periodStart;
  let months = 0;
  // Count from the original start so month-end clamping does not drift (Jan 31 → Feb 28 → Mar 31).
  while (Date.parse(addMonths(periodStart, months + 1)) <= now) months++;
  start = addMonths(periodStart, months);
  return { start, end: addMonths(periodStart, months + 1), renewed: months > 0 };
}
