/**
 * @module capture/pool/slots
 * The capture slots: a counting semaphore with a FIFO queue. A waiter gives up after its timeout
 * or when its signal aborts; `draining` holds the queue back until every taken slot is returned
 * (the pool drains before it recycles its browser). Knows nothing of Chromium.
 */

export interface SlotsOptions {
  /** How many slots can be taken at once. */
  size: number;
  /** While true, no slot is handed out until all taken ones are back (a drain). */
  draining?: () => boolean;
  /** The error of a waiter that waited `timeoutMs` in vain. */
  busy: (timeoutMs: number) => Error;
}

export interface Slots {
  /** Takes a slot: at once when one is free and nobody queues, else in turn. */
  take(timeoutMs: number, signal?: AbortSignal): Promise<void>;
  /** Returns a taken slot and admits whoever is next. */
  give(): void;
  /** Admits waiters again after `draining` may have changed. */
  recheck(): void;
  /** Fails every waiter, each with its own `error()` (shutting down). */
  refuseAll(error: () => Error): void;
  readonly taken: number;
  readonly queued: number;
}

interface Waiter {
  admit(): void;
  fail(err: Error): void;
}

export function createSlots({ size, draining = () => false, busy }: SlotsOptions): Slots {
  const waiters: Waiter[] = [];
  let taken = 0;
  const canStart = () => taken < size && !(draining() && taken > 0);

  function admitNext() {
    while (waiters.length > 0 && canStart()) {
      taken++;
      waiters.shift()!.admit();
    }
  }

  return {
    take(timeoutMs, signal) {
      if (canStart() && waiters.length === 0) {
        taken++;
        return Promise.resolve();
      }
      return new Promise((resolve, reject) => {
        waiters.push(enqueue(waiters, resolve, reject, timeoutMs, busy, signal));
      });
    },
    give() {
      taken--;
      admitNext();
    },
    recheck: admitNext,
    refuseAll(error) {
      for (const w of [...waiters]) w.fail(error());
    },
    get taken() {
      return taken;
    },
    get queued() {
      return waiters.length;
    },
  };
}

/** One queued waiter; it leaves `waiters` itself when it gives up (admission shifts it out). */
function enqueue(
  waiters: Waiter[],
  resolve: () => void,
  reject: (err: Error) => void,
  timeoutMs: number,
  busy: (timeoutMs: number) => Error,
  signal: AbortSignal | undefined,
): Waiter {
  const settle = () => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  };
  const waiter: Waiter = {
    admit: () => {
      settle();
      resolve();
    },
    fail: (err) => {
      settle();
      const at = waiters.indexOf(waiter);
      if (at >= 0) waiters.splice(at, 1);
      reject(err);
    },
  };
  const onAbort = () => waiter.fail(signal!.reason as Error);
  const timer = setTimeout(() => waiter.fail(busy(timeoutMs)), timeoutMs);
  signal?.addEventListener('abort', onAbort, { once: true });
  return waiter;
}
