/**
 * @module store/concurrency
 * Captures in flight per account (sync and async together), as leases in one item: a capture
 * takes a slot with a conditional write (`size(leases) < limit`) and gives it back when done.
 * A lease expires on its own, so a crashed process cannot hold a slot forever.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { newId } from '../ids.ts';
import type { Table } from './table.ts';

const slotKeys = (accountId: string) => ({ pk: `SLOTS#${accountId}`, sk: 'SLOTS' });

export interface Slot {
  release(): Promise<void>;
}

async function ensureItem(table: Table, accountId: string): Promise<void> {
  await table.db
    .send(
      new PutCommand({
        TableName: table.name,
        Item: { ...slotKeys(accountId), type: 'slots', leases: {} },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
    .catch((err) => {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    });
}

/**
 * After a refused take: creates the account's item on first use, removes leases that expired
 * (their holder died). Returns whether another try may succeed.
 */
async function makeRoom(table: Table, accountId: string, limit: number, now: number): Promise<boolean> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: slotKeys(accountId), ConsistentRead: true }),
  );
  if (!Item) {
    await ensureItem(table, accountId);
    return true;
  }
  const leases = Object.entries((Item.leases ?? {}) as Record<string, number>);
  // A slot came free (or the item was just created) since the refusal.
  if (leases.length < limit) return true;
  const expired = leases.filter(([, until]) => until <= now);
  for (const [token, until] of expired) {
    await table.db
      .send(
        new UpdateCommand({
          TableName: table.name,
          Key: slotKeys(accountId),
          UpdateExpression: 'REMOVE leases.#t',
          ConditionExpression: 'leases.#t = :until',
          ExpressionAttributeNames: { '#t': token },
          ExpressionAttributeValues: { ':until': until },
        }),
      )
      .catch((err) => {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
      });
  }
  return expired.length > 0;
}

/**
 * Takes a slot if fewer than `limit` are held. Returns undefined when the account is at its
 * limit. `leaseMs` should outlast the longest capture.
 */
export async function acquireSlot(
  table: Table,
  input: { accountId: string; limit: number; leaseMs: number; now: number },
): Promise<Slot | undefined> {
  const token = newId('evt');
  const take = () =>
    table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: slotKeys(input.accountId),
        UpdateExpression: 'SET leases.#t = :until',
        ConditionExpression: 'size(leases) < :limit',
        ExpressionAttributeNames: { '#t': token },
        ExpressionAttributeValues: { ':until': input.now + input.leaseMs, ':limit': input.limit },
      }),
    );
  for (let attempt = 0; attempt < 8; attempt++) {
    try {
      await take();
      return {
        release: () =>
          table.db
            .send(
              new UpdateCommand({
                TableName: table.name,
                Key: slotKeys(input.accountId),
                UpdateExpression: 'REMOVE leases.#t',
                ExpressionAttributeNames: { '#t': token },
              }),
            )
            .then(() => undefined),
      };
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      if (!(await makeRoom(table, input.accountId, input.limit, input.now))) return undefined;
    }
  }
  return undefined;
}
