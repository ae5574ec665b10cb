/**
 * @module store/accounts
 * Accounts: name, plan, credit balance and billing period. The balance moves only through
 * billing/ledger, together with a ledger entry.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { newId } from '../ids.ts';
import { isoTime, keys, type Table, withoutKeys } from './table.ts';

export interface Account {
  id: string;
  name: string;
  plan: string;
  balance: number;
  period_start: string;
  created_at: string;
  /** Per-account overrides of the plan's limits (admin CLI). */
  limits?: { monthly_credits?: number; requests_per_minute?: number; concurrent_captures?: number };
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

export async function setPlan(table: Table, accountId: string, plan: string): Promise<boolean> {
  try {
    await table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.account(accountId),
        UpdateExpression: 'SET #plan = :plan',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#plan': 'plan' },
        ExpressionAttributeValues: { ':plan': plan },
      }),
    );
    return true;
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') return false;
    throw err;
  }
}
