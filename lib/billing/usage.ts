/**
 * @module billing/usage
 * `GET /v1/usage` numbers, computed from the ledger alone (a pure function of its entries):
 * renders are charged captures that were not refunded; credits used are debits minus refunds.
 * Cache hits and test-key captures cost nothing and leave no entry, so they do not count.
 */
import type { LedgerEntry } from './ledger.ts';

export interface DailyUsage {
  day: string;
  renders: number;
  credits: number;
}

export interface UsageSummary {
  last_30_days: { render_count: number; credits_used: number };
  daily_breakdown: DailyUsage[];
}

const DAY_MS = 24 * 3600 * 1000;

export function summariseUsage(entries: LedgerEntry[], now: number, days = 30): UsageSummary {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const first = today - (days - 1) * DAY_MS;
  const byDay = new Map<string, DailyUsage>();
  for (let t = first; t <= today; t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    byDay.set(day, { day, renders: 0, credits: 0 });
  }
  // A refund counts against the day of the debit it undoes.
  const debitDay = new Map<string, string>();
  for (const e of entries) if (e.kind === 'debit' && e.ref) debitDay.set(e.ref, e.created_at.slice(0, 10));
  for (const e of entries) {
    if (e.kind !== 'debit' && e.kind !== 'refund') continue;
    const day = byDay.get(
      e.kind === 'refund' && e.ref
        ? (debitDay.get(e.ref) ?? e.created_at.slice(0, 10))
        : e.created_at.slice(0, 10),
    );
    if (!day) continue;
    day.credits += -e.amount;
    day.renders += e.kind === 'debit' ? 1 : -1;
  }
  const daily = [...byDay.values()];
  return {
    last_30_days: {
      render_count: daily.reduce((n, d) => n + d.renders, 0),
      credits_used: daily.reduce((n, d) => n + d.credits, 0),
    },
    daily_breakdown: daily,
  };
}
