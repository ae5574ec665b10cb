import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  LEASE_MS,
  leaseSlots,
  type RateLimiterOptions,
  rateLimiter,
} from '../../lib/billing/rate-limit-store.ts';
import type { Deps } from '../../lib/deps.ts';
import { Unavailable } from '../../lib/errors.ts';
import type { Table } from '../../lib/store/table.ts';
import { testDeps } from '../helpers/stack.ts';

const MINUTE = 60_000;
let deps: Deps;

beforeAll(() => {
  deps = testDeps();
});

/** The test table behind a client that counts writes and can fail a write on demand. */
function watchedTable(fail?: (write: number) => Error | undefined) {
  const seen = { writes: 0 };
  const db = {
    send(command: unknown) {
      if (command instanceof UpdateCommand) {
        seen.writes++;
        const err = fail?.(seen.writes);
        if (err) return Promise.reject(err);
      }
      return deps.table.db.send(command as UpdateCommand);
    },
  } as unknown as DynamoDBDocumentClient;
  return { table: { db, name: deps.table.name } satisfies Table, seen };
}

/** One API process's limiter. */
const limiterOf = (options: Partial<RateLimiterOptions> = {}) =>
  rateLimiter({ table: deps.table, now: Date.now, windowMs: MINUTE, ...options });

const burst = (limiter: ReturnType<typeof rateLimiter>, accountId: string, n: number, limit: number) =>
  Promise.all(Array.from({ length: n }, () => limiter.consume(accountId, limit)));

const storedItem = async (accountId: string) => {
  const { Item } = await deps.table.db.send(
    new GetCommand({ TableName: deps.table.name, Key: { pk: `RATE#${accountId}`, sk: 'RATE' } }),
  );
  return Item ?? {};
};

/** The admissions the item holds in the window ending now: slots busy as of `at`. */
const busySlots = async (accountId: string, at = Date.now()) =>
  Object.entries(await storedItem(accountId)).filter(
    ([name, t]) => /^s\d+$/.test(name) && (t as number) > at - MINUTE,
  ).length;

/** N requests of one account, each on its own limiter: a burst spread over N Lambda containers. */
const lambdaBurst = (table: Table, accountId: string, n: number, limit: number) =>
  Promise.all(Array.from({ length: n }, () => limiterOf({ table }).consume(accountId, limit)));

describe('the rate-limit store', () => {
  it('admits 100 concurrent requests of one account far below its limit, in a few writes', async () => {
    const { table, seen } = watchedTable();
    const account = randomUUID();
    const decisions = await burst(limiterOf({ table }), account, 100, 1000);
    expect(decisions.every((d) => d.allowed)).toBe(true);
    // Each request has its own place in the window.
    expect(new Set(decisions.map((d) => d.remaining)).size).toBe(100);
    expect(Math.min(...decisions.map((d) => d.remaining))).toBe(900);
    // One write for the first request, then the 99 that arrived meanwhile, 25 claims a write.
    expect(seen.writes).toBeLessThanOrEqual(5);
    expect(await busySlots(account)).toBe(100);
  });

  it('enforces one exact limit across processes, each coalescing its own requests', async () => {
    const account = randomUUID();
    const processes = [limiterOf(), limiterOf(), limiterOf()];
    const decisions = (await Promise.all(processes.map((p) => burst(p, account, 100, 30)))).flat();
    expect(decisions.filter((d) => d.allowed)).toHaveLength(30);
    for (const refused of decisions.filter((d) => !d.allowed)) {
      expect(refused.remaining).toBe(0);
      expect(refused.retryAfterMs).toBeGreaterThan(MINUTE - 10_000);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(MINUTE);
    }
    expect(await busySlots(account)).toBe(30);
  });

  it('admits a Lambda burst (one limiter per request) far below the limit in few writes', async () => {
    for (const n of [50, 200]) {
      const { table, seen } = watchedTable();
      const account = randomUUID();
      const decisions = await lambdaBurst(table, account, n, 100_000);
      expect(decisions.every((d) => d.allowed)).toBe(true);
      // Writers collide only when they pick the same slot.
      expect(seen.writes).toBeLessThan(3 * n);
      expect(await busySlots(account)).toBe(n);
    }
  });

  it('holds an exact limit when every request has its own limiter', async () => {
    const { table } = watchedTable();
    const account = randomUUID();
    const decisions = await lambdaBurst(table, account, 100, 20);
    expect(decisions.filter((d) => d.allowed)).toHaveLength(20);
    for (const refused of decisions.filter((d) => !d.allowed)) {
      expect(refused.remaining).toBe(0);
      expect(refused.retryAfterMs).toBeGreaterThan(MINUTE - 10_000);
    }
    expect(await busySlots(account)).toBe(20);
  });

  it("answers one write and no read, and learns of other processes' admissions from its own write", async () => {
    const { table, seen } = watchedTable();
    const account = randomUUID();
    // Requests a few seconds apart: no lease carries one over to the next.
    let clock = Date.now();
    const mine = limiterOf({ table, now: () => clock });
    const other = limiterOf({ now: () => clock });
    expect((await mine.consume(account, 10)).remaining).toBe(9);
    expect(seen.writes).toBe(1);
    clock += 2000;
    expect((await mine.consume(account, 10)).remaining).toBe(8);
    expect(seen.writes).toBe(2);
    await burst(other, account, 5, 10);
    clock += 2000;
    // The memory says 2 admitted; the table says 7. A claim on a slot the other took loses one
    // race; either way the write returns the item and the answer is the truth.
    expect((await mine.consume(account, 10)).remaining).toBe(2);
    expect(seen.writes).toBeGreaterThanOrEqual(3);
    expect(seen.writes).toBeLessThanOrEqual(4);
  });

  it('claims slots ahead for requests one after another, and admits the next ones from memory', async () => {
    const { table, seen } = watchedTable();
    const account = randomUUID();
    const limiter = limiterOf({ table });
    const remaining: number[] = [];
    for (let i = 0; i < 30; i++) remaining.push((await limiter.consume(account, 1000)).remaining);
    // Each request has its own place in the window, in order, as without a lease.
    expect(remaining).toEqual(Array.from({ length: 30 }, (_, i) => 999 - i));
    // Leases of 1, 2, 4, 8, 16 slots: a write per lease instead of one per request.
    expect(seen.writes).toBeLessThanOrEqual(7);
    const busy = await busySlots(account, Date.now() + LEASE_MS);
    expect(busy).toBeGreaterThanOrEqual(30);
    expect(busy).toBeLessThanOrEqual(30 + leaseSlots(1000));
  });

  it('never admits more than the limit in a window, leases or not', async () => {
    const account = randomUUID();
    const a = limiterOf();
    const b = limiterOf();
    const allowed: boolean[] = [];
    // Two processes taking turns, one request at a time: both hold leases.
    for (let i = 0; i < 40; i++) allowed.push((await (i % 2 ? a : b).consume(account, 20)).allowed);
    const admitted = allowed.filter(Boolean).length;
    expect(admitted).toBeLessThanOrEqual(20);
    // A lease's unused slots are the most it costs the account: two per process at this limit.
    expect(admitted).toBeGreaterThanOrEqual(20 - 2 * leaseSlots(20));
    expect(allowed.slice(-5).some(Boolean)).toBe(false);
    expect(await busySlots(account, Date.now() + LEASE_MS)).toBeGreaterThanOrEqual(admitted);
  });

  it('refuses from memory without a write once the account is at its limit', async () => {
    const { table, seen } = watchedTable();
    const account = randomUUID();
    const limiter = limiterOf({ table });
    await burst(limiter, account, 3, 3);
    const writes = seen.writes;
    const refused = await burst(limiter, account, 20, 3);
    expect(refused.some((d) => d.allowed)).toBe(false);
    expect(seen.writes).toBe(writes);
  });

  it('sees a recreated item after TTL removed the one it remembers', async () => {
    let clock = Date.now();
    const account = randomUUID();
    const mine = limiterOf({ now: () => clock });
    await mine.consume(account, 5);
    clock += 2 * MINUTE;
    await deps.table.db.send(
      new DeleteCommand({ TableName: deps.table.name, Key: { pk: `RATE#${account}`, sk: 'RATE' } }),
    );
    // Another process starts the account afresh; the remembered slot has left the window anyway.
    await limiterOf({ now: () => clock }).consume(account, 5);
    expect((await mine.consume(account, 5)).remaining).toBe(3);
    expect(await busySlots(account, clock)).toBe(2);
  });

  it('takes over an item of the former format (a log and a version) without an error', async () => {
    const account = randomUUID();
    await deps.table.db.send(
      new UpdateCommand({
        TableName: deps.table.name,
        Key: { pk: `RATE#${account}`, sk: 'RATE' },
        UpdateExpression: 'SET #log = :log, v = :v, #ttl = :ttl',
        ExpressionAttributeNames: { '#log': 'log', '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':log': Array(500).fill(Date.now()),
          ':v': 12345,
          ':ttl': Math.floor(Date.now() / 1000) + 60,
        },
      }),
    );
    expect(await burst(limiterOf(), account, 3, 10)).toMatchObject([
      { allowed: true },
      { allowed: true },
      { allowed: true },
    ]);
    const item = await storedItem(account);
    expect(item.log).toBeUndefined();
    expect(item.v).toBeUndefined();
    expect(await busySlots(account)).toBe(3);
  });

  it('fails every request of a write that DynamoDB refuses, and serves the next batch', async () => {
    const outage = Object.assign(new Error('DynamoDB is down'), { name: 'InternalServerError' });
    const { table } = watchedTable((write) => (write === 2 ? outage : undefined));
    const account = randomUUID();
    const limiter = limiterOf({ table });
    // The first request is written on its own; the four arriving meanwhile share the second write.
    const first = limiter.consume(account, 100);
    const joined = Array.from({ length: 4 }, () => limiter.consume(account, 100));
    expect((await first).allowed).toBe(true);
    for (const request of joined) await expect(request).rejects.toBe(outage);
    expect(await limiter.consume(account, 100)).toMatchObject({ allowed: true, remaining: 98 });
  });

  it('answers 503, not 429, when its writes keep losing races', async () => {
    const lost = () =>
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        Item: { s0: { N: String(Date.now() - 2 * MINUTE) }, log: { L: [] }, v: { N: '7' } },
      });
    const { table, seen } = watchedTable(lost);
    const refusal = limiterOf({ table, maxAttempts: 5 }).consume(randomUUID(), 10);
    await expect(refusal).rejects.toBeInstanceOf(Unavailable);
    await expect(refusal).rejects.toMatchObject({ status: 503, code: 'unavailable', retryAfter: 1 });
    expect(seen.writes).toBe(5);
  });
});
