/**
 * @module store/rate-limits
 * The rate-limit store adapter: one item per account holding the sliding log, moved with a
 * conditional write (compare-and-set on a version number). A lost race returns the winner's
 * state with the failure, so a retry costs one write and no read. Shared by every API process.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { decide, type RateLimitDecision, type RateLimitPolicy } from '../billing/rate-limit.ts';
import { type Table, ttlAt } from './table.ts';

const rateKeys = (accountId: string) => ({ pk: `RATE#${accountId}`, sk: 'RATE' });

const MAX_RACES = 100;

interface State {
  version: number;
  log: number[];
}

/** The item as the low-level client returns it with a failed condition. */
interface WireState {
  v: { N: string };
  log?: { L: Array<{ N: string }> };
}

const fromWire = (item: WireState): State => ({
  version: Number(item.v.N),
  log: (item.log?.L ?? []).map((n) => Number(n.N)),
});

export async function consumeRateLimit(
  table: Table,
  accountId: string,
  policy: RateLimitPolicy,
  now: () => number,
): Promise<RateLimitDecision> {
  const Key = rateKeys(accountId);
  const read = async (): Promise<State> => {
    const { Item } = await table.db.send(
      new GetCommand({ TableName: table.name, Key, ConsistentRead: true }),
    );
    return { version: (Item?.v as number | undefined) ?? 0, log: (Item?.log as number[] | undefined) ?? [] };
  };
  let state = await read();
  for (let race = 0; race < MAX_RACES; race++) {
    const at = now();
    const decision = decide(at, state.log, policy);
    if (!decision.allowed) return decision;
    try {
      await table.db.send(
        new UpdateCommand({
          TableName: table.name,
          Key,
          UpdateExpression: 'SET #log = :log, v = :next, #ttl = :ttl',
          ConditionExpression: state.version === 0 ? 'attribute_not_exists(v)' : 'v = :version',
          ExpressionAttributeNames: { '#log': 'log', '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':log': decision.log,
            ':next': state.version + 1,
            ':ttl': ttlAt(at + policy.windowMs),
            ...(state.version === 0 ? {} : { ':version': state.version }),
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return decision;
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      state = err.Item?.v ? fromWire(err.Item as unknown as WireState) : await read();
    }
  }
  // Extreme contention: refuse rather than let requests through unchecked.
  return { allowed: false, log: state.log, remaining: 0, retryAfterMs: 1000, resetMs: policy.windowMs };
}
