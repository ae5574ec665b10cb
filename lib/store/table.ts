/**
 * @module store/table
 * The single-table layout (infra/resources.json): every item has `pk`/`sk`, lists go through
 * `gsi1`, expiring items carry `ttl` (unix seconds). Key builders live here so no repository
 * spells another's keys.
 */
import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
  type TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Memo } from './memo.ts';

export interface Table {
  db: DynamoDBDocumentClient;
  name: string;
  /** This process's short memory of keys and accounts (store/memo); absent = every read asks. */
  memo?: Memo;
}

export const keys = {
  account: (accountId: string) => ({ pk: `ACCT#${accountId}`, sk: 'ACCOUNT' }),
  apiKey: (hash: string) => ({ pk: `KEY#${hash}`, sk: 'KEY' }),
  apiKeyById: (keyId: string) => ({ gsi1pk: `KEYID#${keyId}`, gsi1sk: 'KEY' }),
  ledgerEntry: (accountId: string, entryId: string) => ({ pk: `ACCT#${accountId}`, sk: `LEDGER#${entryId}` }),
  /** The claim that an entry of `kind` with `ref` exists (billing/ledger). */
  ledgerRef: (accountId: string, kind: string, ref: string) => ({
    pk: `ACCT#${accountId}`,
    sk: `LEDGERREF#${kind}#${ref}`,
  }),
  /** An account's usage on one UTC day, YYYY-MM-DD (billing/usage). */
  usageDay: (accountId: string, day: string) => ({ pk: `ACCT#${accountId}`, sk: `USAGE#${day}` }),
};

/** ISO 8601 UTC with milliseconds (contract §1). */
export const isoTime = (ms: number): string => new Date(ms).toISOString();

/** DynamoDB TTL attribute value. */
export const ttlAt = (ms: number): number => Math.floor(ms / 1000);

/** Strips the table's key and bookkeeping attributes from an item before it leaves the store. */
export function withoutKeys<T extends Record<string, unknown>>(
  item: T,
): Omit<T, 'pk' | 'sk' | 'gsi1pk' | 'gsi1sk' | 'type' | 'ttl'> {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _gs, type: _t, ttl: _ttl, ...rest } = item;
  return rest;
}

export const isConditionFailure = (err: unknown) => (err as Error).name === 'ConditionalCheckFailedException';

/** Runs a conditional write: true when it happened, false when its condition did not hold. */
export async function conditionally(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

type PagedInput = Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>;

/** Every item of a query (or, with `scan`, a scan), page after page. */
export async function allItems(
  table: Table,
  input: PagedInput,
  options: { scan?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const request = { ...input, TableName: table.name, ExclusiveStartKey: start };
    const page = options.scan
      ? await table.db.send(new ScanCommand(request as ScanCommandInput))
      : await table.db.send(new QueryCommand(request));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Every item under one `gsi1pk` (an account's projects, profiles, …), newest first. */
export function allInGsi1(table: Table, gsi1pk: string): Promise<Record<string, unknown>[]> {
  return allItems(table, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': gsi1pk },
    ScanIndexForward: false,
  });
}

export type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

/**
 * Writes that go in another write's transaction, and what their refusal means: `refused` gets
 * their own cancellation reasons, in order; it throws the error to answer with, or returns
 * `'already'` when they are in place from before (the rest may go without them), `'other'` when
 * they were refused for no reason of theirs (a conflict).
 */
export interface Alongside {
  items: TransactItem[];
  refused(reasons: CancellationReason[]): 'already' | 'other';
}
