/**
 * @module billing/ledger
 * Credits move only as ledger entries written in the same DynamoDB transaction as the balance
 * change, so balance = sum of the ledger, always. Debits are conditional (the balance never goes
 * below zero, under any concurrency); entries with a `ref` are written at most once per
 * (kind, ref), so a retried refund or debit cannot count twice. A debit or refund moves its
 * day's usage (billing/usage) in the same transaction.
 */
import { type CancellationReason, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { decodeTime, encodeTime } from 'ulid';
import { ApiError } from '../errors.ts';
import { newId } from '../ids.ts';
import {
  type Alongside,
  allItems,
  isoTime,
  keys,
  type Table,
  type TransactItem,
  withoutKeys,
} from '../store/table.ts';
import { dayOf, usageItem } from './usage.ts';

export type LedgerKind = 'grant' | 'debit' | 'refund' | 'renewal';

export interface LedgerEntry {
  id: string;
  account_id: string;
  /** Signed: debits are negative. */
  amount: number;
  kind: LedgerKind;
  /** The capture or job the entry is about. */
  ref?: string;
  note?: string;
  created_at: string;
}

export interface EntryInput {
  accountId: string;
  amount: number;
  kind: LedgerKind;
  ref?: string;
  note?: string;
  now: number;
  /** Bought or granted credits: they survive the monthly renewal (monthly credits do not stack). */
  topup?: boolean;
  /** The day (YYYY-MM-DD) a debit or refund counts in usage: a refund's is its debit's; else `now`'s. */
  usageDay?: string;
}

export class InsufficientCredits extends ApiError {
  constructor(needed: number, balance?: number) {
    super(
      'insufficient_credits',
      402,
      `This capture costs ${needed} credit${needed === 1 ? '' : 's'}${balance === undefined ? '' : ` and the balance is ${balance}`}. Top up or wait for the monthly renewal; nothing was started.`,
      { credits_required: needed },
    );
  }
}

/**
 * Appends an entry and moves the balance with it. Returns false when an entry with the same
 * (kind, ref) already exists (nothing changed). A debit the balance cannot cover throws
 * `InsufficientCredits`.
 */
export async function appendEntry(table: Table, input: EntryInput): Promise<boolean> {
  try {
    await table.db.send(new TransactWriteCommand({ TransactItems: entryItems(table, input) }));
    return true;
  } catch (err) {
    if (!(err instanceof TransactionCanceledException)) throw err;
    if (refused(input, err.CancellationReasons ?? []) === 'already') return false;
    throw err;
  }
}

/**
 * The writes of an entry, for one transaction: the balance moved, the entry, its (kind, ref)
 * claim when it has a ref, and for a debit or refund its day's usage (unconditional). Their
 * cancellation reasons, in this order, are what `refused` reads.
 */
function entryItems(table: Table, input: EntryInput): TransactItem[] {
  const entry: LedgerEntry = {
    id: newId('led'),
    account_id: input.accountId,
    amount: input.amount,
    kind: input.kind,
    ...(input.ref ? { ref: input.ref } : {}),
    ...(input.note ? { note: input.note } : {}),
    created_at: isoTime(input.now),
  };
  const items = [balanceUpdate(table, input), entryItem(table, entry)];
  if (entry.ref) items.push(refItem(table, entry, entry.ref));
  if (input.kind === 'debit' || input.kind === 'refund') {
    const debit = input.kind === 'debit';
    items.push(
      usageItem(table, {
        accountId: input.accountId,
        day: input.usageDay ?? dayOf(input.now),
        renders: debit ? 1 : -1,
        credits: -input.amount,
      }),
    );
  }
  return items;
}

/**
 * What a cancelled transaction holding `entryItems(input)` says of the entry: `'already'` when
 * an entry with its (kind, ref) exists; a debit the balance cannot cover throws
 * `InsufficientCredits`, an unknown account 404. Anything else (a conflict) is the caller's.
 */
function refused(input: EntryInput, reasons: CancellationReason[]): 'already' | 'other' {
  const [account, , ref] = reasons;
  if (ref?.Code === 'ConditionalCheckFailed') return 'already';
  if (account?.Code === 'ConditionalCheckFailed') {
    if (input.amount < 0) throw new InsufficientCredits(-input.amount);
    throw new ApiError('not_found', 404, `No account ${input.accountId}`);
  }
  return 'other';
}

/**
 * A capture's reservation as writes to make in the same transaction as its slot
 * (captures/metered): one round trip for both. None for a free capture.
 */
export function reservation(
  table: Table,
  accountId: string,
  cost: number,
  ref: string,
  now: number,
): Alongside | undefined {
  if (cost <= 0) return undefined;
  const input: EntryInput = { accountId, amount: -cost, kind: 'debit', ref, now };
  return { items: entryItems(table, input), refused: (reasons) => refused(input, reasons) };
}

/** Moves the balance by the entry's amount; a debit only while the balance covers it. */
function balanceUpdate(table: Table, input: EntryInput): TransactItem {
  const debit = input.amount < 0;
  return {
    Update: {
      TableName: table.name,
      Key: keys.account(input.accountId),
      UpdateExpression: input.topup
        ? 'SET balance = balance + :amount, topup = if_not_exists(topup, :zero) + :amount'
        : 'SET balance = balance + :amount',
      ConditionExpression: debit ? 'attribute_exists(pk) AND balance >= :cost' : 'attribute_exists(pk)',
      ExpressionAttributeValues: {
        ':amount': input.amount,
        ...(debit ? { ':cost': -input.amount } : {}),
        ...(input.topup ? { ':zero': 0 } : {}),
      },
    },
  };
}

/** The entry itself, for a transaction that also moves the balance. */
export function entryItem(table: Table, entry: LedgerEntry): TransactItem {
  return {
    Put: {
      TableName: table.name,
      Item: { ...keys.ledgerEntry(entry.account_id, entry.id), type: 'ledger', ...entry },
    },
  };
}

/** Claims (kind, ref) for the entry: a second entry with the same pair fails the transaction. */
export function refItem(table: Table, entry: LedgerEntry, ref: string): TransactItem {
  return {
    Put: {
      TableName: table.name,
      Item: {
        ...keys.ledgerRef(entry.account_id, entry.kind, ref),
        type: 'ledger_ref',
        entry_id: entry.id,
        created_at: entry.created_at,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Reserves the credits of a capture before any work starts (402 when short). */
export const reserveCredits = (table: Table, accountId: string, cost: number, ref: string, now: number) =>
  cost > 0
    ? appendEntry(table, { accountId, amount: -cost, kind: 'debit', ref, now })
    : Promise.resolve(true);

/** Gives back a failed capture's credits; a second refund of the same ref does nothing. */
export async function refundCredits(
  table: Table,
  accountId: string,
  cost: number,
  ref: string,
  now: number,
): Promise<boolean> {
  if (cost <= 0) return true;
  // A refund is keyed by its ref, so retrying one that may have landed cannot pay twice; a
  // failure here would otherwise keep a failed capture's credits.
  for (let attempt = 1; ; attempt++) {
    try {
      const usageDay = await debitDay(table, accountId, ref);
      return await appendEntry(table, { accountId, amount: cost, kind: 'refund', ref, now, usageDay });
    } catch (err) {
      if (attempt >= 4 || err instanceof ApiError) throw err;
      await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
    }
  }
}

/**
 * The day of the debit with `ref` — a refund counts against it in usage — from its (kind, ref)
 * claim: its time, or for a claim written before it had one, the time in its entry's id (ULIDs
 * begin with it). Undefined when there is no such debit (then the refund's own day).
 */
async function debitDay(table: Table, accountId: string, ref: string): Promise<string | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({
      TableName: table.name,
      Key: keys.ledgerRef(accountId, 'debit', ref),
      ConsistentRead: true,
    }),
  );
  if (typeof Item?.created_at === 'string') return Item.created_at.slice(0, 10);
  const id = typeof Item?.entry_id === 'string' ? Item.entry_id.replace(/^led_/, '') : undefined;
  return id ? dayOf(decodeTime(id)) : undefined;
}

/** A top-up: granted or bought credits, kept across renewals. */
export const grantCredits = (table: Table, accountId: string, amount: number, now: number, note?: string) =>
  appendEntry(table, { accountId, amount, kind: 'grant', now, topup: true, ...(note ? { note } : {}) });

/** The first period's monthly credits of a new account. */
export const openingCredits = (table: Table, accountId: string, amount: number, now: number, note?: string) =>
  appendEntry(table, { accountId, amount, kind: 'grant', now, ...(note ? { note } : {}) });

/** Ledger entries of an account, oldest first, optionally from an ISO time on (ULID ids sort by time). */
export async function listEntries(table: Table, accountId: string, since?: string): Promise<LedgerEntry[]> {
  const from = `LEDGER#led_${since ? encodeTime(Date.parse(since), 10) : ''}`;
  const items = await allItems(table, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': keys.account(accountId).pk, ':from': from, ':to': 'LEDGER#led_~' },
  });
  return items.map((item) => withoutKeys(item) as unknown as LedgerEntry);
}
