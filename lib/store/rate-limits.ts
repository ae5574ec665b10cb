/**
 * @module store/rate-limits
 * The rate-limit store adapter: one item per account holding the sliding log
 * (billing/rate-limit), moved with a conditional write on a version token. DynamoDB is the only
 * authority, shared by every API process. Within a process, the concurrent requests of an account
 * are coalesced: one write at a time per account carries every request that arrived meanwhile,
 * so contention is between processes, not requests. The process remembers the last state it saw
 * of each account, so the common case is one write and no read; a stale memory costs one lost
 * race, which returns the current state with the failure.
 */
import { randomInt } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { decideBatch, type RateLimitDecision } from '../billing/rate-limit.ts';
import { Unavailable } from '../errors.ts';
import { type Table, ttlAt } from './table.ts';

export interface RateLimiterOptions {
  table: Table;
  now: () => number;
  windowMs: number;
  /** Accounts whose last seen state is remembered; the least recently used are forgotten. */
  cachedAccounts?: number;
  /** Lost races before a batch gives up with 503: contention is not the limit, so never a 429. */
  maxAttempts?: number;
}

export interface RateLimiter {
  /** Counts one request of the account against `limit` admissions per window. */
  consume(accountId: string, limit: number): Promise<RateLimitDecision>;
}

/** The stored item as last seen; `version` is undefined when there is none. */
interface State {
  version: number | undefined;
  log: number[];
}

interface Waiting {
  limit: number;
  resolve(decision: RateLimitDecision): void;
  reject(err: unknown): void;
}

/** The item as the low-level client returns it with a failed condition. */
interface WireState {
  v: { N: string };
  log?: { L: Array<{ N: string }> };
}

const rateKeys = (accountId: string) => ({ pk: `RATE#${accountId}`, sk: 'RATE' });
const NO_ITEM: State = { version: undefined, log: [] };

const fromWire = (item: WireState): State => ({
  version: Number(item.v.N),
  log: (item.log?.L ?? []).map((n) => Number(n.N)),
});

/**
 * Every write stores a fresh random version, not a counter: once TTL deletes an idle account's
 * item, a recreated item's counter could come back to a version a process remembers and let its
 * write through over a log it never saw.
 */
const newVersion = () => randomInt(1, 2 ** 48);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function rateLimiter(options: RateLimiterOptions): RateLimiter {
  const { table, now, windowMs, cachedAccounts = 4096, maxAttempts = 100 } = options;
  /** Per account with a write in flight: the requests that will go in its next write. */
  const pending = new Map<string, Waiting[]>();
  /** Last seen state per account, in least-recently-written order. */
  const known = new Map<string, State>();

  function remember(accountId: string, state: State): void {
    known.delete(accountId);
    known.set(accountId, state);
    if (known.size > cachedAccounts) known.delete(known.keys().next().value!);
  }

  async function read(accountId: string): Promise<State> {
    const { Item } = await table.db.send(
      new GetCommand({ TableName: table.name, Key: rateKeys(accountId), ConsistentRead: true }),
    );
    return Item ? { version: Item.v as number, log: (Item.log as number[] | undefined) ?? [] } : NO_ITEM;
  }

  /** Decides a batch against the stored log and records it with one conditional write. */
  async function record(accountId: string, limits: number[]): Promise<RateLimitDecision[]> {
    let state = known.get(accountId) ?? NO_ITEM;
    for (let attempt = 1; ; attempt++) {
      const at = now();
      const batch = decideBatch(at, state.log, windowMs, limits);
      // Nothing admitted: the stored log holds at least the admissions seen here, so the refusals
      // (and their Retry-After) stand without a write.
      if (!batch.admitted) {
        remember(accountId, { version: state.version, log: batch.log });
        return batch.decisions;
      }
      const version = newVersion();
      try {
        await table.db.send(
          new UpdateCommand({
            TableName: table.name,
            Key: rateKeys(accountId),
            UpdateExpression: 'SET #log = :log, v = :next, #ttl = :ttl',
            ConditionExpression: state.version === undefined ? 'attribute_not_exists(v)' : 'v = :version',
            ExpressionAttributeNames: { '#log': 'log', '#ttl': 'ttl' },
            ExpressionAttributeValues: {
              ':log': batch.log,
              ':next': version,
              // Rounded up: the item outlives its last admission's window.
              ':ttl': ttlAt(at + windowMs) + 1,
              ...(state.version === undefined ? {} : { ':version': state.version }),
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        remember(accountId, { version, log: batch.log });
        return batch.decisions;
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
        // Lost a race (or remembered a stale state): the failure carries the current item; no item
        // means it is gone (TTL), unless we expected none, then read what is there.
        if (err.Item) state = fromWire(err.Item as unknown as WireState);
        else state = state.version === undefined ? await read(accountId) : NO_ITEM;
      }
      if (attempt >= maxAttempts) {
        throw new Unavailable(
          'dynamodb',
          `The rate limit could not be recorded: ${attempt} writes lost to other API processes. Retry shortly; nothing was charged.`,
        ).withHeaders({ 'Retry-After': '1' });
      }
      // Each loss means another process wrote; after a few in a row, step aside a little.
      if (attempt >= 3) await sleep(Math.random() * Math.min(100, 2 ** attempt));
    }
  }

  /** Writes batch after batch for the account until no request is waiting. */
  async function flush(accountId: string, first: Waiting[]): Promise<void> {
    let batch = first;
    while (batch.length) {
      pending.set(accountId, []);
      try {
        const limits = batch.map((w) => w.limit);
        const decisions = await record(accountId, limits);
        for (const [i, w] of batch.entries()) w.resolve(decisions[i]!);
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
      batch = pending.get(accountId)!;
    }
    pending.delete(accountId);
  }

  return {
    consume(accountId, limit) {
      return new Promise((resolve, reject) => {
        const waiting = { limit, resolve, reject };
        const next = pending.get(accountId);
        if (next) next.push(waiting);
        else void flush(accountId, [waiting]);
      });
    },
  };
}
