/**
 * @module store/accounts
 * Accounts: name, plan, credit balance and billing period. The balance moves only through
 * billing/ledger, together with a ledger entry.
 */
import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Sealed, seal, unseal } from '../crypto/seal.ts';
import { newId } from '../ids.ts';
import { conditionally, isoTime, keys, type Table, withoutKeys } from './table.ts';

export interface Account {
  id: string;
  name: string;
  plan: string;
  balance: number;
  /** The part of the balance from top-ups (kept at renewal); the rest is this period's monthly credits. */
  topup?: number;
  /** Start of the current billing period; it renews one calendar month later. */
  period_start: string;
  created_at: string;
  /** Per-account overrides of the plan's limits (admin CLI). */
  limits?: { monthly_credits?: number; requests_per_minute?: number; concurrent_captures?: number };
  /** Sealed; read it with `accountWebhookSecret`. */
  webhook_secret?: Sealed;
  /**
   * Its usage is kept per day as it is charged (billing/usage): true for every account made
   * since; an older account's usage is summed from its ledger.
   */
  usage_by_day?: boolean;
}

export interface NewAccount {
  name: string;
  plan: string;
  now: number;
}

/** Creates an account with a zero balance; credits arrive as ledger entries (billing/ledger). */
export async function createAccount(table: Table, input: NewAccount): Promise<Account> {
  const account: Account = {
    id: newId('acct'),
    name: input.name,
    plan: input.plan,
    balance: 0,
    period_start: isoTime(input.now),
    created_at: isoTime(input.now),
    usage_by_day: true,
  };
  await table.db.send(
    new PutCommand({
      TableName: table.name,
      Item: { ...keys.account(account.id), type: 'account', ...account },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return account;
}

export async function getAccount(table: Table, accountId: string): Promise<Account | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: keys.account(accountId), ConsistentRead: true }),
  );
  return Item ? (withoutKeys(Item) as unknown as Account) : undefined;
}

const memoKey = (accountId: string) => `account:${accountId}`;

/**
 * The account as this process read it at most the memo's TTL ago (store/memo): its plan and
 * limits are what authentication needs. Its balance may be that old too — read `getAccount` to
 * show one.
 */
export function recentAccount(table: Table, accountId: string): Promise<Account | undefined> {
  if (!table.memo) return getAccount(table, accountId);
  return table.memo.read(memoKey(accountId), () => getAccount(table, accountId));
}

/** This process stops trusting what it remembers of the account (its plan, limits or period changed). */
export function forgetAccount(table: Table, accountId: string): void {
  table.memo?.forget(memoKey(accountId));
}

export async function setPlan(table: Table, accountId: string, plan: string): Promise<boolean> {
  const changed = await conditionally(
    table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.account(accountId),
        UpdateExpression: 'SET #plan = :plan',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#plan': 'plan' },
        ExpressionAttributeValues: { ':plan': plan },
      }),
    ),
  );
  forgetAccount(table, accountId);
  return changed;
}

/**
 * The account's webhook signing secret (Standard Webhooks `whsec_…`), created on first use and
 * kept sealed at rest.
 */
export async function accountWebhookSecret(
  table: Table,
  accountId: string,
  masterKey: string | undefined,
): Promise<string> {
  const { Item } = await table.db.send(
    new GetCommand({
      TableName: table.name,
      Key: keys.account(accountId),
      ProjectionExpression: 'webhook_secret',
    }),
  );
  if (!Item) throw new Error(`No account ${accountId}`);
  if (Item.webhook_secret) return unseal(masterKey, Item.webhook_secret as Sealed, `webhook:${accountId}`);
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  try {
    await table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.account(accountId),
        UpdateExpression: 'SET webhook_secret = :s',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(webhook_secret)',
        ExpressionAttributeValues: { ':s': seal(masterKey, secret, `webhook:${accountId}`) },
      }),
    );
    return secret;
  } catch (err) {
    if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
    return accountWebhookSecret(table, accountId, masterKey);
  }
}

/** Per-account overrides of the plan's limits; a null value removes an override. */
export async function setLimits(
  table: Table,
  accountId: string,
  limits: { [K in keyof NonNullable<Account['limits']>]?: number | null },
): Promise<boolean> {
  const account = await getAccount(table, accountId);
  if (!account) return false;
  const merged = { ...account.limits };
  for (const [k, val] of Object.entries(limits) as Array<[keyof typeof merged, number | null | undefined]>) {
    if (val === null) delete merged[k];
    else if (val !== undefined) merged[k] = val;
  }
  await table.db.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.account(accountId),
      UpdateExpression: 'SET limits = :limits',
      ExpressionAttributeValues: { ':limits': merged },
    }),
  );
  forgetAccount(table, accountId);
  return true;
}
