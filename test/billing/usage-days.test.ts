/**
 * Usage kept per day (billing/usage) against DynamoDB Local: moved in the ledger entry's own
 * transaction, equal to the sum of the ledger, a refund counted on its debit's day, and read
 * with one query of at most 30 items however many captures the account made. An account made
 * before the day items (no `usage_by_day`) is still summed from its ledger.
 */
import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import { grantCredits, listEntries, refundCredits, reserveCredits } from '../../lib/billing/ledger.ts';
import { readUsage, summariseUsage } from '../../lib/billing/usage.ts';
import type { Deps } from '../../lib/deps.ts';
import { newId } from '../../lib/ids.ts';
import { createAccount } from '../../lib/store/accounts.ts';
import { createApiKey } from '../../lib/store/api-keys.ts';
import { keys, type Table } from '../../lib/store/table.ts';
import { call, testDeps } from '../helpers/stack.ts';

const DAY = 24 * 3600 * 1000;
let deps: Deps;

beforeAll(() => {
  deps = testDeps();
});

async function account(credits: number, now: number) {
  const { id } = await createAccount(deps.table, { name: 'usage days', plan: 'pro', now });
  await grantCredits(deps.table, id, credits, now);
  return id;
}

/** The test table behind a client that keeps every query's item count. */
function watchedTable() {
  const queries: number[] = [];
  const db = {
    async send(command: unknown) {
      const out = await deps.table.db.send(command as QueryCommand);
      if (command instanceof QueryCommand) queries.push((out as { Items?: unknown[] }).Items?.length ?? 0);
      return out;
    },
  } as unknown as DynamoDBDocumentClient;
  return { table: { db, name: deps.table.name } satisfies Table, queries };
}

describe('usage per day', () => {
  it('equals the ledger, with a refund counted on the day of its debit', async () => {
    const monday = Date.parse('2026-11-23T23:59:00.000Z');
    const tuesday = monday + 2 * 60_000; // 00:01 the next day
    const id = await account(100, monday - DAY);
    await reserveCredits(deps.table, id, 3, 'cap-a', monday);
    await reserveCredits(deps.table, id, 4, 'cap-b', monday);
    await reserveCredits(deps.table, id, 1, 'cap-c', tuesday);
    // cap-b failed: refunded on Tuesday, against Monday; the retried refund changes nothing.
    expect(await refundCredits(deps.table, id, 4, 'cap-b', tuesday)).toBe(true);
    expect(await refundCredits(deps.table, id, 4, 'cap-b', tuesday)).toBe(false);
    // A debit the balance cannot cover leaves no usage either.
    await expect(reserveCredits(deps.table, id, 1000, 'cap-d', tuesday)).rejects.toThrow(
      /costs 1000 credits/,
    );

    const now = tuesday + 3600_000;
    const usage = await readUsage(deps.table, id, now);
    expect(usage).toEqual(summariseUsage(await listEntries(deps.table, id), now));
    expect(usage.last_30_days).toEqual({ render_count: 2, credits_used: 4 });
    expect(usage.daily_breakdown.slice(-2)).toEqual([
      { day: '2026-11-23', renders: 1, credits: 3 },
      { day: '2026-11-24', renders: 1, credits: 1 },
    ]);
    expect(usage.daily_breakdown).toHaveLength(30);
    // Thirty days on, Monday has left the window.
    expect((await readUsage(deps.table, id, monday + 30 * DAY)).last_30_days).toEqual({
      render_count: 1,
      credits_used: 1,
    });
  });

  it('is read with one query of at most 30 items, whatever the number of captures', async () => {
    const start = Date.parse('2026-10-01T12:00:00.000Z');
    const id = await account(10_000, start);
    // 3 captures a day for 45 days: 135 ledger entries.
    for (let day = 0; day < 45; day++)
      await Promise.all(
        [0, 1, 2].map((n) => reserveCredits(deps.table, id, 2, `d${day}-${n}`, start + day * DAY)),
      );
    const now = start + 44 * DAY;
    const { table, queries } = watchedTable();
    const usage = await readUsage(table, id, now);
    expect(queries).toEqual([30]);
    expect(usage.last_30_days).toEqual({ render_count: 90, credits_used: 180 });
    expect(usage).toEqual(summariseUsage(await listEntries(deps.table, id), now));
  });

  it('comes from the ledger for an account made before the day items', async () => {
    const now = Date.now();
    const id = await account(50, now);
    // As it was stored before: no `usage_by_day`, and charges that left no day item.
    await deps.table.db.send(
      new UpdateCommand({
        TableName: deps.table.name,
        Key: keys.account(id),
        UpdateExpression: 'REMOVE usage_by_day',
      }),
    );
    await reserveCredits(deps.table, id, 3, newId('job'), now);
    await deps.table.db.send(
      new UpdateCommand({
        TableName: deps.table.name,
        Key: { pk: keys.account(id).pk, sk: `USAGE#${new Date(now).toISOString().slice(0, 10)}` },
        UpdateExpression: 'SET renders = :zero, credits = :zero',
        ExpressionAttributeValues: { ':zero': 0 },
      }),
    );
    const { apiKey } = await createApiKey(deps.table, { accountId: id, test: false, now });
    const res = await call(buildApp(deps), 'GET', '/v1/usage', { key: apiKey });
    expect(res.status).toBe(200);
    expect(res.json.last_30_days).toEqual({ render_count: 1, credits_used: 3 });
    expect(res.json.credits_remaining).toBe(47);
  });
});
