/**
 * @module capture/browser
 * The browser pool: one Chromium per process, launched on first use and reused; a bounded number
 * of captures at once with a FIFO queue; relaunched after a crash or a disconnect; recycled after
 * N captures or above a memory ceiling; replaced at once when it stops answering (wedged);
 * `close()` leaves no Chromium process behind.
 *
 * Composed of the parts in `pool/`: `slots` (the FIFO semaphore), `launcher` (one launch at a
 * time, dispose), `health` (the proof, the memory reading), `policy` (keep, recycle or replace)
 * and `stats`. What is left here is which browser is in service and when it changes.
 */
import type { Browser } from 'puppeteer-core';
import type { Config } from '../config.ts';
import { Unavailable } from '../errors.ts';
import type { DialFn, LookupFn } from '../net/index.ts';
import { answers, memoryMb, PROBE_MS } from './pool/health.ts';
import { createLauncher, type Instance, type Launcher } from './pool/launcher.ts';
import { type Evidence, verdict } from './pool/policy.ts';
import { createSlots, type Slots } from './pool/slots.ts';
import { type PoolStats, readStats } from './pool/stats.ts';

export { PROBE_MS } from './pool/health.ts';
export type { PoolStats } from './pool/stats.ts';

export interface BrowserPoolOptions {
  /** Chromium's TMPDIR and the parent of its profile directory (default: the OS temp dir). */
  tmpDir?: string;
  /** DNS used by target checks. Tests script DNS answers with it. */
  lookup?: LookupFn;
  /** TCP connect used by the egress proxy. Tests map a public address onto a fixture with it. */
  dial?: DialFn;
  /** Extra filter-list directories (each with `ads/`, `trackers/`, … subfolders of `*.txt`). */
  filterListDirs?: string[];
}

export interface BrowserLease {
  browser: Browser;
  /** Rejects with `Unavailable('browser')` if the browser goes away while the lease is held. */
  lost: Promise<never>;
  /**
   * Does the browser still answer (see `warm`)? One that does not is replaced at once. A failed
   * capture asks before it gives its slot back, so the next capture never meets a wedged browser.
   */
  prove(): Promise<boolean>;
  /** Give the slot back. `unhealthy` recycles the browser once it is idle. */
  release(opts?: { unhealthy?: boolean }): void;
}

export interface BrowserPool {
  readonly options: Readonly<BrowserPoolOptions>;
  /** Waits (up to `timeoutMs`) for a slot, then for a running browser. */
  acquire(opts: { timeoutMs: number; signal?: AbortSignal }): Promise<BrowserLease>;
  /**
   * Launches the browser if none runs, then proves it answers: opens and closes a context within
   * `PROBE_MS`. One that does not is wedged and is replaced at once (the captures still on it fail
   * with `Unavailable`); `warm` then rejects with `Unavailable`. Readiness checks call this.
   */
  warm(): Promise<void>;
  stats(): Promise<PoolStats>;
  close(): Promise<void>;
}

/** The pool's state, in one place; the functions below are its only writers. */
interface PoolState {
  readonly config: Config['browser'];
  readonly slots: Slots;
  readonly launcher: Launcher;
  /** The browser in service: null before the first launch, after a crash, during a recycle. */
  current: Instance | null;
  /** The policy asked for a recycle: it happens once the running captures are done. */
  recycleDue: boolean;
  closed: boolean;
}

export function createBrowserPool(config: Config['browser'], options: BrowserPoolOptions = {}): BrowserPool {
  const pool: PoolState = {
    config,
    // A recycle waits for the running captures to finish: no new capture starts meanwhile.
    slots: createSlots({
      size: config.concurrency,
      draining: () => pool.recycleDue,
      busy: (ms) =>
        new Unavailable(
          'browser',
          `All ${config.concurrency} capture slots stayed busy for ${ms} ms; retry shortly`,
        ),
    }),
    launcher: createLauncher(config, {
      tmpDir: options.tmpDir,
      onExit: (inst) => {
        if (pool.current === inst) pool.current = null;
      },
    }),
    current: null,
    recycleDue: false,
    closed: false,
  };
  return {
    options,
    acquire: (opts) => acquire(pool, opts),
    warm: () => warm(pool),
    stats: () => readStats(pool.current, pool.slots, pool.launcher.record),
    close: () => close(pool),
  };
}

const shutDown = () => new Unavailable('browser', 'The browser pool is shut down');

async function acquire(pool: PoolState, { timeoutMs, signal }: { timeoutMs: number; signal?: AbortSignal }) {
  if (pool.closed) throw shutDown();
  await pool.slots.take(timeoutMs, signal);
  let inst: Instance;
  try {
    inst = await inService(pool);
  } catch (err) {
    pool.slots.give();
    throw err;
  } finally {
    // The recycle (if any) is done: let the queue move.
    pool.slots.recheck();
  }
  inst.active++;
  return leaseOf(pool, inst);
}

function leaseOf(pool: PoolState, inst: Instance): BrowserLease {
  let released = false;
  return {
    browser: inst.browser,
    lost: inst.lost,
    prove: () => proves(pool, inst),
    release({ unhealthy = false } = {}) {
      if (released) return;
      released = true;
      inst.active--;
      inst.captures++;
      judge(pool, inst, { captures: inst.captures, unhealthy });
      if (pool.current === inst && inst.pid) inst.memoryCheck = checkMemory(pool, inst).catch(() => {});
      pool.slots.give();
    },
  };
}

/** Applies the policy to the browser in service (a browser already out of service is left be). */
function judge(pool: PoolState, inst: Instance, evidence: Evidence) {
  if (pool.current !== inst) return;
  switch (verdict(evidence, pool.config)) {
    case 'recycle':
      pool.recycleDue = true;
      pool.slots.recheck();
      return;
    case 'replace':
      replace(pool, inst);
      return;
  }
}

/**
 * A wedged browser is killed now rather than recycled when idle: the captures on it would only
 * wait out their timeouts. They fail with `Unavailable` (`lost`); the next one launches anew.
 */
function replace(pool: PoolState, inst: Instance) {
  if (pool.current === inst) {
    pool.current = null;
    pool.recycleDue = false;
  }
  void pool.launcher.dispose(inst, { graceful: false });
  pool.slots.recheck();
}

/** Does the browser open and close a context within `PROBE_MS`? Replaces it if not. */
function proves(pool: PoolState, inst: Instance): Promise<boolean> {
  inst.proving ??= answers(inst.browser)
    .then((answered) => {
      // Replaced even when no longer in service: its remaining captures should fail now.
      if (verdict({ answered }, pool.config) === 'replace') replace(pool, inst);
      return answered;
    })
    .finally(() => {
      inst.proving = undefined;
    });
  return inst.proving;
}

async function checkMemory(pool: PoolState, inst: Instance) {
  judge(pool, inst, { rssMb: await memoryMb(inst.pid) });
}

/** The browser to capture in: the current one, once a due recycle is done, or a new one. */
async function inService(pool: PoolState): Promise<Instance> {
  await Promise.all([pool.current?.memoryCheck, pool.current?.proving]);
  const old = pool.current;
  if (old && pool.recycleDue && old.active === 0) {
    pool.current = null;
    pool.recycleDue = false;
    await pool.launcher.dispose(old);
  }
  if (pool.current?.browser.connected) return pool.current;
  pool.current = await pool.launcher.launch();
  if (pool.closed) {
    await pool.launcher.dispose(pool.current);
    pool.current = null;
    throw shutDown();
  }
  return pool.current;
}

async function warm(pool: PoolState) {
  if (!(await proves(pool, await inService(pool)))) {
    throw new Unavailable(
      'browser',
      `Chromium did not open a browser context within ${PROBE_MS} ms; it was replaced`,
    );
  }
}

async function close(pool: PoolState) {
  pool.closed = true;
  pool.slots.refuseAll(shutDown);
  const pending = await pool.launcher.pending()?.catch(() => null);
  const inst = pool.current ?? pending ?? null;
  pool.current = null;
  if (inst) await pool.launcher.dispose(inst);
}
