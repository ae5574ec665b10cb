/**
 * @module captures/metered
 * What a browser load on an account's behalf costs, whatever it is for (a sync capture, an auth
 * profile test): one of the account's concurrency slots while it runs, and its price in credits,
 * reserved before the browser starts (with the slot, in one write) and refunded if the load
 * fails. Over the concurrency limit is `TooManyInFlight` (429), a short balance 402 — both
 * before any browser work.
 */
import { reservation } from '../billing/ledger.ts';
import type { Deps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { SLOT_GRACE_MS } from '../schemas/budgets.ts';
import { acquireSlot } from '../store/concurrency.ts';
import { refundOrQueue } from './refund.ts';

export interface Metering {
  accountId: string;
  /** The account's concurrent-capture limit (sync and async together). */
  concurrencyLimit: number;
  /** The most the load runs; its slot is kept `SLOT_GRACE_MS` longer if the process dies. */
  timeoutMs: number;
  /** Credits to reserve (0 for test keys). */
  cost: number;
  /** What the ledger's debit and refund are keyed by: one per load. */
  ref: string;
}

/** Every slot of the account is taken; lib/http answers it with `Retry-After`. */
export class TooManyInFlight extends ApiError {
  override name = 'TooManyInFlight';
  constructor(readonly limit: number) {
    super(
      'rate_limited',
      429,
      `Your plan allows ${limit} capture${limit === 1 ? '' : 's'} in flight at once and that many are running. Retry when one finishes, or use "async": true to queue.`,
      { retry_after: 2 },
    );
    this.retryAfter = 2;
  }
}

/**
 * Runs `load` holding a slot and the reserved credits — taken in one transaction — and any
 * failure of it refunds them, through `refund` when the caller has more bookkeeping to do (a
 * capture plan's `fail`). `load` may give the slot back early with `free` once the browser work
 * is done (a render's store step needs no browser); otherwise it is given back when `load`
 * ends. A slot that cannot be given back is not the capture's failure: its lease ends it.
 */
export async function metered<T>(
  deps: Deps,
  m: Metering,
  load: (free: () => void) => Promise<T>,
  refund: (err: unknown) => Promise<void> = () =>
    refundOrQueue(deps, { accountId: m.accountId, amount: m.cost, ref: m.ref }),
): Promise<T> {
  const slot = await acquireSlot(deps.table, {
    accountId: m.accountId,
    limit: m.concurrencyLimit,
    leaseMs: m.timeoutMs + SLOT_GRACE_MS,
    now: deps.now(),
    alongside: reservation(deps.table, m.accountId, m.cost, m.ref, deps.now()),
  });
  if (!slot) throw new TooManyInFlight(m.concurrencyLimit);
  let released: Promise<void> | undefined;
  const release = () =>
    (released ??= slot
      .release()
      .catch((err) => deps.logger.warn('a capture slot was not given back; its lease ends it', { err })));
  try {
    return await load(() => void release());
  } catch (err) {
    await refund(err);
    throw err;
  } finally {
    await release();
  }
}
