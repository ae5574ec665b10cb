/**
 * @module billing/rate-limit-store
 * The rate-limit store adapter: one item per account holding its slots (billing/rate-limit) as
 * top-level attributes `s0`, `s1`, … (admission time in ms). An admission claims a slot with a
 * condition on that slot alone — absent, or its time out of the window — so writers collide only
 * when they pick the same slot, and DynamoDB stays the only authority, shared by every API
 * process. Within a process, the concurrent requests of an account are coalesced: one write at a
 * time per account claims a slot for every request that arrived meanwhile. The process remembers
 * the slots as the last write left them, so a request costs one write and no read; a claim on a
 * slot someone else took fails and returns the item, and the batch is decided again on it.
 *
 * An account whose requests come one after another (a keep-alive client, a poller) would pay a
 * write for each. Its process claims slots ahead instead — a lease: the write that admits a
 * request also claims up to `leaseSlots(limit)` more, stamped with the lease's end rather than
 * now, and the account's next requests until then are admitted from memory. A slot stamped with
 * the lease's end is busy until a window after it, so the admission it stands for — made before
 * that end — has left the window before the slot can be claimed again: no window ever holds
 * more than `limit` admissions. What a lease costs is its unused slots, held one window past its
 * end, which is why it is small (a tenth of the limit, at most 16), starts at one slot and
 * doubles only while the requests keep coming.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Unavailable } from '../errors.ts';
import { type Table, ttlAt } from '../store/table.ts';
import { decideBatch, type RateLimitDecision, type Slots, settleBatch } from './rate-limit.ts';

export interface RateLimiterOptions {
  table: Table;
  now: () => number;
  windowMs: number;
  /** Accounts whose last seen slots are remembered; the least recently used are forgotten. */
  cachedAccounts?: number;
  /** Lost races before a batch gives up with 503: contention is not the limit, so never a 429. */
  maxAttempts?: number;
}

export interface RateLimiter {
  /** Counts one request of the account against `limit` admissions per window. */
  consume(accountId: string, limit: number): Promise<RateLimitDecision>;
}

interface Waiting {
  limit: number;
  resolve(decision: RateLimitDecision): void;
  reject(err: unknown): void;
}

/** Requests decided per write: k claims are k conditions in one expression, kept small. */
export const CLAIMS_PER_WRITE = 25;

/** How long slots claimed ahead serve the account's next requests from memory. */
export const LEASE_MS = 1000;

/** The most slots one process claims ahead: a tenth of the limit, at most 16 (0 below 10). */
export const leaseSlots = (limit: number) => Math.min(16, Math.floor(limit / 10));

/** Slots claimed ahead, and what the write that claimed them said of the account. */
interface Lease {
  limit: number;
  left: number;
  until: number;
  /** Free slots after the claim, besides the lease's own. */
  free: number;
  resetAt: number;
}

const rateKeys = (accountId: string) => ({ pk: `RATE#${accountId}`, sk: 'RATE' });

/**
 * The slots of an item; every other attribute is ignored, so an item of the former format
 * (a `log` list and a version `v`) reads as all slots free.
 */
function slotsOf(item: Record<string, unknown> | undefined): Array<number | undefined> {
  const slots: Array<number | undefined> = [];
  for (const [name, value] of Object.entries(item ?? {})) {
    const index = /^s(\d{1,7})$/.exec(name)?.[1];
    if (index !== undefined && typeof value === 'number' && Number.isFinite(value))
      slots[Number(index)] = value;
  }
  return slots;
}

/** The item as the low-level client returns it with a failed condition: numbers as `{ N }`. */
const fromWire = (item: Record<string, unknown> | undefined) =>
  slotsOf(
    Object.fromEntries(
      Object.entries(item ?? {}).map(([name, value]) => [
        name,
        Number((value as { N?: string }).N ?? Number.NaN),
      ]),
    ),
  );

const latest = (slots: Slots) => slots.reduce<number>((max, t) => Math.max(max, t ?? 0), 0);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Claims one slot per admitted request of the batch with one conditional write; the first
 * `admitted` slots are stamped `at`, the rest (a lease) `leaseEnd`.
 */
async function claim(
  table: Table,
  windowMs: number,
  accountId: string,
  at: number,
  slots: number[],
  expiresAt: number,
  lease: { admitted: number; leaseEnd: number },
): Promise<Slots> {
  const names = Object.fromEntries(slots.map((slot, j) => [`#s${j}`, `s${slot}`]));
  const stamp = (j: number) => (j < lease.admitted ? ':now' : ':lease');
  const leased = slots.length > lease.admitted ? { ':lease': lease.leaseEnd } : {};
  const { Attributes } = await table.db.send(
    new UpdateCommand({
      TableName: table.name,
      Key: rateKeys(accountId),
      UpdateExpression: `SET ${slots.map((_, j) => `#s${j} = ${stamp(j)}`).join(', ')}, #ttl = :ttl REMOVE #log, #v`,
      ConditionExpression: slots
        .map((_, j) => `(attribute_not_exists(#s${j}) OR #s${j} <= :since)`)
        .join(' AND '),
      // `log` and `v` are the former format's: dropped so a leftover item does not stay large.
      ExpressionAttributeNames: { ...names, '#ttl': 'ttl', '#log': 'log', '#v': 'v' },
      ExpressionAttributeValues: {
        ':now': at,
        ':since': at - windowMs,
        ':ttl': ttlAt(expiresAt) + 1,
        ...leased,
      },
      ReturnValues: 'ALL_NEW',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    }),
  );
  return slotsOf(Attributes);
}

/**
 * One closure, not a few functions: `pending` (the batch queue per account) and `known` (the
 * slots last seen) are this limiter's state, shared by `consume`, `flush` and `record`.
 */
export function rateLimiter(options: RateLimiterOptions): RateLimiter {
  const { table, now, windowMs, cachedAccounts = 4096, maxAttempts = 100 } = options;
  /** Per account with a write in flight: the requests that will go in its next writes. */
  const pending = new Map<string, Waiting[]>();
  /** Last seen slots per account, in least-recently-written order. */
  const known = new Map<string, Slots>();
  /** Per account: when its last write was, and how many slots that write claimed ahead. */
  const streaks = new Map<string, { at: number; size: number }>();
  const leases = new Map<string, Lease>();

  function remember(accountId: string, slots: Slots): void {
    known.delete(accountId);
    known.set(accountId, slots);
    if (known.size > cachedAccounts) {
      const oldest = known.keys().next().value!;
      known.delete(oldest);
      streaks.delete(oldest);
      leases.delete(oldest);
    }
  }

  /**
   * Slots to claim ahead with a lone request: none for the first in a while; then one, doubling
   * while the account's requests keep coming within a lease of each other. A batch of several
   * (a burst) is coalesced already and claims none.
   */
  function leaseSize(accountId: string, limits: number[], at: number): number {
    const streak = streaks.get(accountId);
    if (limits.length !== 1 || !streak || at - streak.at > LEASE_MS) return 0;
    return Math.min(leaseSlots(limits[0]!), Math.max(1, streak.size * 2));
  }

  /** Decides a batch against the slots as known and records its claims. */
  async function record(accountId: string, limits: number[]): Promise<RateLimitDecision[]> {
    let slots = known.get(accountId) ?? [];
    for (let attempt = 1; ; attempt++) {
      const at = now();
      const ahead = leaseSize(accountId, limits, at);
      const all = ahead ? [...limits, ...Array<number>(ahead).fill(limits[0]!)] : limits;
      const batch = decideBatch(at, slots, windowMs, all);
      const claimed = batch.claims.filter((slot) => slot !== undefined);
      const admitted = batch.claims.slice(0, limits.length).filter((slot) => slot !== undefined).length;
      // Nothing admitted: every slot is busy as known here, and a known busy slot is really busy
      // (no one can claim it before it frees), so the refusals and their Retry-After stand.
      if (!claimed.length) {
        remember(accountId, slots);
        return batch.decisions.slice(0, limits.length);
      }
      try {
        const leaseEnd = at + LEASE_MS;
        // The item outlives its latest admission's window, a process whose clock runs ahead included.
        const after = await claim(
          table,
          windowMs,
          accountId,
          at,
          claimed,
          Math.max(at, leaseEnd, latest(slots)) + windowMs,
          { admitted, leaseEnd },
        );
        remember(accountId, after);
        const decisions = settleBatch(at, after, windowMs, all, batch);
        const granted = claimed.length - admitted;
        streaks.set(accountId, { at, size: granted });
        const last = decisions[limits.length - 1]!;
        if (granted && last.allowed) {
          leases.set(accountId, {
            limit: limits[0]!,
            left: granted,
            until: leaseEnd,
            free: last.remaining - granted,
            resetAt: at + last.resetMs,
          });
        }
        return decisions.slice(0, limits.length);
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
        // Someone took a slot we chose: the failure carries the item as it stands.
        slots = fromWire(err.Item);
      }
      if (attempt >= maxAttempts) {
        throw new Unavailable(
          'dynamodb',
          `The rate limit could not be recorded: ${attempt} writes lost to other API processes. Retry shortly; nothing was charged.`,
          { retryAfter: 1 },
        );
      }
      // Each loss means another process claimed a slot; after a few in a row, step aside a little.
      if (attempt >= 3) await sleep(Math.random() * Math.min(100, 2 ** attempt));
    }
  }

  /** Writes batch after batch for the account until no request is waiting. */
  async function flush(accountId: string): Promise<void> {
    for (let queue = pending.get(accountId)!; queue.length; ) {
      const batch = queue.splice(0, CLAIMS_PER_WRITE);
      try {
        const decisions = await record(
          accountId,
          batch.map((w) => w.limit),
        );
        for (const [i, w] of batch.entries()) w.resolve(decisions[i]!);
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    pending.delete(accountId);
  }

  /** An admission from the account's lease, if it holds one for this limit that has not ended. */
  function fromLease(accountId: string, limit: number): RateLimitDecision | undefined {
    const lease = leases.get(accountId);
    const at = now();
    if (!lease || lease.limit !== limit || lease.left <= 0 || at >= lease.until) return undefined;
    lease.left--;
    streaks.set(accountId, { at, size: streaks.get(accountId)?.size ?? 0 });
    return {
      allowed: true,
      remaining: Math.max(0, lease.free) + lease.left,
      retryAfterMs: 0,
      resetMs: Math.max(0, lease.resetAt - at),
    };
  }

  return {
    consume(accountId, limit) {
      const leased = fromLease(accountId, limit);
      if (leased) return Promise.resolve(leased);
      return new Promise((resolve, reject) => {
        const waiting = { limit, resolve, reject };
        const queue = pending.get(accountId);
        if (queue) queue.push(waiting);
        else {
          pending.set(accountId, [waiting]);
          void flush(accountId);
        }
      });
    },
  };
}
