/**
 * @module store/idempotency
 * `Idempotency-Key` records (§3): the first request with a key claims it (with a lease, so a
 * crashed holder does not block the key forever), stores its response when done, and later
 * requests with the same key and body get that response back.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, type Table, ttlAt } from './table.ts';

export const IDEMPOTENCY_WINDOW_MS = 24 * 3600 * 1000;
const LEASE_MS = 120_000;

export type Claim =
  | { state: 'claimed' }
  | { state: 'replay'; status: number; body: string }
  | { state: 'conflict' }
  | { state: 'in_progress' };

const idemKeys = (accountId: string, key: string) => ({ pk: `IDEM#${accountId}#${key}`, sk: 'IDEM' });

export async function claimKey(
  table: Table,
  input: { accountId: string; key: string; bodyHash: string; now: number },
): Promise<Claim> {
  const Key = idemKeys(input.accountId, input.key);
  try {
    await table.db.send(
      new PutCommand({
        TableName: table.name,
        Item: {
          ...Key,
          type: 'idempotency',
          body_hash: input.bodyHash,
          state: 'in_progress',
          lease_until: input.now + LEASE_MS,
          ttl: ttlAt(input.now + IDEMPOTENCY_WINDOW_MS),
        },
        // A record past its window is as good as absent (TTL deletion lags).
        ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :nowSeconds',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':nowSeconds': ttlAt(input.now) },
      }),
    );
    return { state: 'claimed' };
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
  }
  const { Item } = await table.db.send(new GetCommand({ TableName: table.name, Key, ConsistentRead: true }));
  if (!Item) return claimKey(table, input);
  if (Item.body_hash !== input.bodyHash) return { state: 'conflict' };
  if (Item.state === 'done')
    return { state: 'replay', status: Item.status as number, body: Item.body as string };
  if ((Item.lease_until as number) < input.now) {
    // The first holder died mid-request: take the key over.
    try {
      await table.db.send(
        new UpdateCommand({
          TableName: table.name,
          Key,
          UpdateExpression: 'SET lease_until = :lease',
          ConditionExpression: '#state = :inProgress AND lease_until = :old',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':lease': input.now + LEASE_MS,
            ':old': Item.lease_until,
            ':inProgress': 'in_progress',
          },
        }),
      );
      return { state: 'claimed' };
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }
  return { state: 'in_progress' };
}

export async function completeKey(
  table: Table,
  input: { accountId: string; key: string; status: number; body: string },
): Promise<void> {
  await table.db.send(
    new UpdateCommand({
      TableName: table.name,
      Key: idemKeys(input.accountId, input.key),
      UpdateExpression: 'SET #state = :done, #status = :status, body = :body REMOVE lease_until',
      ExpressionAttributeNames: { '#state': 'state', '#status': 'status' },
      ExpressionAttributeValues: { ':done': 'done', ':status': input.status, ':body': input.body },
    }),
  );
}

/** Frees the key so the client can retry (after a retryable failure). */
export async function releaseKey(table: Table, accountId: string, key: string): Promise<void> {
  await table.db.send(new DeleteCommand({ TableName: table.name, Key: idemKeys(accountId, key) }));
}
