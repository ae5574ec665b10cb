/**
 * @module billing/usage
 * `GET /v1/usage` numbers: renders are charged captures that were not refunded; credits used
 * are debits minus refunds, a refund counting against the day of its debit. Cache hits and
 * test-key captures cost nothing and leave no entry, so they do not count.
 *
 * They come from one item per account and day (`USAGE#YYYY-MM-DD`), moved in the same
 * transaction as each debit and refund (billing/ledger), so a usage read is at most 30 small
 * items however many captures the account made. Accounts made before those items existed
 * (`usage_by_day` unset) are summed from their ledger entries instead (`summariseUsage`).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys, type Table, type TransactItem, ttlAt } from '../store/table.ts';
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

/** The UTC day (YYYY-MM-DD) of an epoch-ms time. */
export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The last `days` days to `now`, oldest first, all at zero. */
function emptyDays(now: number, days: number): Map<string, DailyUsage> {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const byDay = new Map<string, DailyUsage>();
  for (let t = today - (days - 1) * DAY_MS; t <= today; t += DAY_MS) {
    const day = dayOf(t);
    byDay.set(day, { day, renders: 0, credits: 0 });
  }
  return byDay;
}

function summary(byDay: Map<string, DailyUsage>): UsageSummary {
  const daily = [...byDay.values()];
  return {
    last_30_days: {
      render_count: daily.reduce((n, d) => n + d.renders, 0),
      credits_used: daily.reduce((n, d) => n + d.credits, 0),
    },
    daily_breakdown: daily,
  };
}

/** The usage of an account's ledger entries (accounts without `usage_by_day`). */
export function summariseUsage(entries: LedgerEntry[], now: number, days = 30): UsageSummary {
  const byDay = emptyDays(now, days);
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
  return summary(byDay);
}

/** How long a day's item is kept after the day: past every window that reads it. */
const KEEP_MS = 40 * DAY_MS;

/**
 * A debit (`renders` 1) or a refund (-1) on `day`, for the ledger entry's transaction: the day's
 * item is made on first use and expires `KEEP_MS` after the day.
 */
export function usageItem(
  table: Table,
  input: { accountId: string; day: string; renders: number; credits: number },
): TransactItem {
  return {
    Update: {
      TableName: table.name,
      Key: keys.usageDay(input.accountId, input.day),
      UpdateExpression: 'ADD renders :renders, credits :credits SET #type = :type, #ttl = :ttl',
      ExpressionAttributeNames: { '#type': 'type', '#ttl': 'ttl' },
      ExpressionAttributeValues: {
        ':renders': input.renders,
        ':credits': input.credits,
        ':type': 'usage_day',
        ':ttl': ttlAt(Date.parse(`${input.day}T00:00:00.000Z`) + KEEP_MS),
      },
    },
  };
}

/** The usage of the last `days` days from the account's day items: one query of at most `days` items. */
export async function readUsage(
  table: Table,
  accountId: string,
  now: number,
  days = 30,
): Promise<UsageSummary> {
  const byDay = emptyDays(now, days);
  const [first] = byDay.keys();
  const { Items = [] } = await table.db.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': keys.account(accountId).pk,
        ':from': keys.usageDay(accountId, first!).sk,
        ':to': keys.usageDay(accountId, dayOf(now)).sk,
      },
    }),
  );
  const prefix = keys.usageDay(accountId, '').sk;
  for (const item of Items) {
    const day = byDay.get(String(item.sk).slice(prefix.length));
    if (!day) continue;
    day.renders = Number(item.renders ?? 0);
    day.credits = Number(item.credits ?? 0);
  }
  return summary(byDay);
}
