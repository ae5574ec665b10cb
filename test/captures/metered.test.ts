/**
 * A capture's slot and credits (captures/metered, store/concurrency, billing/ledger) against
 * DynamoDB Local: taken in one transaction, neither without the other, exact under concurrency,
 * and the slot given back as soon as the load says its browser work is done.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { grantCredits, InsufficientCredits, listEntries, reservation } from '../../lib/billing/ledger.ts';
import { metered, TooManyInFlight } from '../../lib/captures/metered.ts';
import type { Deps } from '../../lib/deps.ts';
import { newId } from '../../lib/ids.ts';
import { createAccount, getAccount } from '../../lib/store/accounts.ts';
import { acquireSlot } from '../../lib/store/concurrency.ts';
import type { Table } from '../../lib/store/table.ts';
import { call, captureApp, createTestAccount, testDeps } from '../helpers/stack.ts';

let deps: Deps;

beforeAll(() => {
  deps = testDeps();
});

/** A new account holding `credits` (a new account starts at 0). */
async function accountWith(credits: number): Promise<string> {
  const account = await createAccount(deps.table, { name: 'metered test', plan: 'free', now: Date.now() });
  if (credits > 0) await grantCredits(deps.table, account.id, credits, Date.now());
  return account.id;
}

const balanceOf = async (accountId: string) => (await getAccount(deps.table, accountId))?.balance;

/** The slot leases the account holds now. */
async function slotsHeld(accountId: string): Promise<number> {
  const { Item } = await deps.table.db.send(
    new GetCommand({
      TableName: deps.table.name,
      Key: { pk: `SLOTS#${accountId}`, sk: 'SLOTS' },
      ConsistentRead: true,
    }),
  );
  return Object.keys((Item?.leases ?? {}) as object).length;
}

/**
 * The test table behind a client that counts the requests sent through it, and refuses the
 * first `conflicts` transactions as DynamoDB does when another transaction holds their items
 * (DynamoDB Local runs transactions one at a time, so it never does).
 */
function countedTable(conflicts = 0) {
  const seen = { sends: 0 };
  const db = {
    send(command: unknown) {
      seen.sends++;
      if (command instanceof TransactWriteCommand && conflicts-- > 0) {
        const reasons = command.input.TransactItems!.map((_, i) => ({
          Code: i === 1 ? 'TransactionConflict' : 'None',
        }));
        return Promise.reject(
          new TransactionCanceledException({
            message: 'conflict',
            $metadata: {},
            CancellationReasons: reasons,
          }),
        );
      }
      return deps.table.db.send(command as GetCommand);
    },
  } as unknown as DynamoDBDocumentClient;
  return { table: { db, name: deps.table.name } satisfies Table, seen };
}

/** `read()` once it returns `want`, or what it returns after a second. */
async function settled<T>(read: () => Promise<T>, want: T): Promise<T> {
  for (let t = 0; ; t += 50) {
    const value = await read();
    if (value === want || t >= 1000) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const take = (table: Table, accountId: string, limit: number, cost: number) =>
  acquireSlot(table, {
    accountId,
    limit,
    leaseMs: 60_000,
    now: Date.now(),
    alongside: reservation(table, accountId, cost, newId('job'), Date.now()),
  });

describe('a slot and its credits', () => {
  it('are taken in one round trip once the account has its slot item', async () => {
    const accountId = await accountWith(10);
    const { table, seen } = countedTable();
    await (await take(table, accountId, 2, 3))?.release(); // the first use creates the slot item
    seen.sends = 0;
    const slot = await take(table, accountId, 2, 3);
    expect(slot).toBeDefined();
    expect(seen.sends).toBe(1);
    expect(await balanceOf(accountId)).toBe(4);
    expect(await slotsHeld(accountId)).toBe(1);
    const debits = (await listEntries(deps.table, accountId)).filter((e) => e.kind === 'debit');
    expect(debits.map((e) => e.amount)).toEqual([-3, -3]);
    await slot!.release();
    expect(await slotsHeld(accountId)).toBe(0);
  });

  it('are tried again when another transaction holds the account: charged once', async () => {
    const accountId = await accountWith(10);
    await (await take(deps.table, accountId, 2, 3))?.release();
    const { table, seen } = countedTable(2);
    const slot = await take(table, accountId, 2, 3);
    expect(slot).toBeDefined();
    expect(seen.sends).toBe(3);
    expect(await balanceOf(accountId)).toBe(4);
    await slot!.release();
  });

  it('charge nothing when every slot is held, however large the balance', async () => {
    const accountId = await accountWith(100);
    const first = await take(deps.table, accountId, 1, 3);
    expect(first).toBeDefined();
    expect(await take(deps.table, accountId, 1, 3)).toBeUndefined();
    expect(await balanceOf(accountId)).toBe(97);
    await first!.release();
  });

  it('take no slot when the balance is short: 402, and the slot stays free', async () => {
    const accountId = await accountWith(2);
    await expect(take(deps.table, accountId, 1, 3)).rejects.toBeInstanceOf(InsufficientCredits);
    expect(await slotsHeld(accountId)).toBe(0);
    expect(await balanceOf(accountId)).toBe(2);
    // The free slot is there for a capture the balance covers.
    const slot = await take(deps.table, accountId, 1, 2);
    expect(slot).toBeDefined();
    expect(await balanceOf(accountId)).toBe(0);
    await slot!.release();
  });

  it('say "too many in flight" before "short balance" when both hold, as two writes did', async () => {
    const accountId = await accountWith(3);
    const first = await take(deps.table, accountId, 1, 3);
    expect(await take(deps.table, accountId, 1, 3)).toBeUndefined();
    await first!.release();
  });

  it('stay exact when 12 captures of one account start at once', async () => {
    // 5 slots, credits for 4 captures of 3: at most 4 hold a slot, every other is refused, and
    // the balance is the ledger's, whatever the transactions' conflicts.
    const accountId = await accountWith(12);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, () => take(deps.table, accountId, 5, 3)),
    );
    const held = outcomes.filter((o) => o.status === 'fulfilled' && o.value);
    const short = outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof InsufficientCredits);
    const full = outcomes.filter((o) => o.status === 'fulfilled' && !o.value);
    expect(held.length + short.length + full.length).toBe(12);
    expect(held).toHaveLength(4);
    expect(await balanceOf(accountId)).toBe(0);
    expect(await slotsHeld(accountId)).toBe(4);
    const entries = await listEntries(deps.table, accountId);
    expect(entries.reduce((sum, e) => sum + e.amount, 0)).toBe(0);
    for (const o of held) if (o.status === 'fulfilled') await o.value!.release();
    expect(await slotsHeld(accountId)).toBe(0);
  });
});

describe('metered', () => {
  const metering = (accountId: string) => ({
    accountId,
    concurrencyLimit: 1,
    timeoutMs: 30_000,
    cost: 3,
    ref: newId('job'),
  });

  it('gives the slot back when the load says its browser work is done, before the load ends', async () => {
    const accountId = await accountWith(10);
    const during: number[] = [];
    const result = await metered(deps, metering(accountId), async (free) => {
      during.push(await slotsHeld(accountId));
      free();
      free(); // a second call is no second write
      await new Promise((r) => setTimeout(r, 200)); // the store step, still running
      during.push(await slotsHeld(accountId));
      return 'stored';
    });
    expect(result).toBe('stored');
    expect(during).toEqual([1, 0]);
    expect(await balanceOf(accountId)).toBe(7);
  });

  it('refunds and frees the slot when the load fails; 429 charges nothing', async () => {
    const accountId = await accountWith(10);
    const failing = metered(deps, metering(accountId), async () => {
      // Meanwhile the account's one slot is held: another capture is refused, uncharged.
      await expect(metered(deps, metering(accountId), async () => 'never')).rejects.toBeInstanceOf(
        TooManyInFlight,
      );
      throw new Error('the page failed');
    });
    await expect(failing).rejects.toThrow('the page failed');
    expect(await slotsHeld(accountId)).toBe(0);
    expect(await balanceOf(accountId)).toBe(10);
  });
});

describe('a synchronous capture', () => {
  const env = captureApp();

  it('gives its slot back while its render is stored', async () => {
    const { apiKey, accountId } = await createTestAccount(env.deps, { credits: 10 });
    // What the account's slots are when the render's object is written to S3.
    const atPut: number[] = [];
    env.deps.aws.s3.middlewareStack.add(
      (next, context) => async (args) => {
        // The release is a write of its own, sent just before: given a second to land.
        if (context.commandName === 'PutObjectCommand')
          atPut.push(await settled(() => slotsHeld(accountId), 0));
        return next(args);
      },
      { step: 'initialize', name: 'slotsAtPut' },
    );
    try {
      const res = await call(env.app, 'POST', '/v1/raw', {
        key: apiKey,
        body: { url: `${env.site.origin}/basic.html?metered=${Date.now()}` },
      });
      expect(res.status, JSON.stringify(res.json)).toBe(201);
    } finally {
      env.deps.aws.s3.middlewareStack.remove('slotsAtPut');
    }
    expect(atPut).toEqual([0]);
    expect(await slotsHeld(accountId)).toBe(0);
    expect(await balanceOf(accountId)).toBe(9);
  });
});
