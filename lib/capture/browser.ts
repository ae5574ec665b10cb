/**
 * @module capture/browser
 * The browser pool: one Chromium per process, launched on first use and reused; a bounded number
 * of captures at once with a FIFO queue; relaunched after a crash or a disconnect; recycled after
 * N captures or above a memory ceiling; replaced at once when it stops answering (wedged);
 * `close()` leaves no Chromium process behind.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import type { Config } from '../config.ts';
import { Unavailable } from '../errors.ts';
import { type DialFn, type EgressProxy, type LookupFn, startEgressProxy } from '../net/index.ts';
import { hardeningArgs, resolveChromium } from './chromium.ts';
import { groupUsage, killGroup } from './processes.ts';
import { within } from './run.ts';
import { launchChromium } from './sandbox.ts';

/**
 * How long a browser may take to open and close a context before it counts as wedged. A healthy
 * one takes 3–680 ms (median 23) with two captures running beside it; a wedged one (its UI
 * thread stuck behind a huge full-page raster) took 5–65 s to answer anything at all.
 */
export const PROBE_MS = 3000;

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

export interface PoolStats {
  /** Browser process id, null before the first launch or after a crash. */
  pid: number | null;
  /** Captures finished on the current browser. */
  captures: number;
  launches: number;
  /** Whether the last launched Chromium runs its renderers in its sandbox (null before a launch). */
  sandboxed: boolean | null;
  /** Resident memory of the whole Chromium process group (sum of RSS, MiB); what the ceiling compares. */
  rssMb: number;
  /** Live Chromium processes. */
  processes: number;
  active: number;
  queued: number;
  /** Capture contexts open in the browser (0 when idle: none leaked). */
  contexts: number;
  /** Requests Chromium made outside any capture context (always refused); should stay 0. */
  strayRequests: number;
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

interface Instance {
  browser: Browser;
  pid: number;
  captures: number;
  active: number;
  lost: Promise<never>;
  denyProxy: EgressProxy;
  profileDir: string;
  /** The memory check started when the last capture ended; the next start waits for it. */
  memoryCheck?: Promise<void>;
  /** The proof in flight (see `warm`); shared by everyone who asks meanwhile. */
  proving?: Promise<boolean>;
  disposed?: Promise<void>;
}

interface Waiter {
  admit(): void;
  fail(err: Error): void;
}

export function createBrowserPool(config: Config['browser'], options: BrowserPoolOptions = {}): BrowserPool {
  const waiters: Waiter[] = [];
  let current: Instance | null = null;
  let launching: Promise<Instance> | null = null;
  let active = 0;
  let launches = 0;
  let lastSandboxed: boolean | null = null;
  let recycleDue = false;
  let closed = false;
  let stray = 0;

  // A recycle waits for the running captures to finish: no new capture starts meanwhile.
  const canStart = () => active < config.concurrency && !(recycleDue && active > 0);

  function pump() {
    while (waiters.length > 0 && canStart()) {
      active++;
      waiters.shift()!.admit();
    }
  }

  function waitForSlot(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (canStart() && waiters.length === 0) {
      active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        waiters.splice(waiters.indexOf(waiter), 1);
      };
      const waiter: Waiter = {
        admit: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        fail: (err) => {
          done();
          reject(err);
        },
      };
      const onAbort = () => waiter.fail(signal!.reason as Error);
      const timer = setTimeout(
        () =>
          waiter.fail(
            new Unavailable(
              'browser',
              `All ${config.concurrency} capture slots stayed busy for ${timeoutMs} ms; retry shortly`,
            ),
          ),
        timeoutMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      waiters.push(waiter);
    });
  }

  async function launch(): Promise<Instance> {
    const base = options.tmpDir ?? tmpdir();
    const profileDir = await mkdtemp(join(base, 'frameshot-chromium-'));
    const denyProxy = await startEgressProxy({ allowPrivateTargets: false, refuseAll: true });
    try {
      const binary = await resolveChromium(config.executablePath);
      const { browser, sandboxed } = await launchChromium(
        binary,
        profileDir,
        config.sandbox ?? 'auto',
        hardeningArgs(denyProxy.url),
      );
      lastSandboxed = sandboxed;
      const pid = browser.process()?.pid ?? 0;
      launches++;
      const lost = new Promise<never>((_, reject) => {
        browser.once('disconnected', () =>
          reject(new Unavailable('browser', 'Chromium exited during the capture; retry the request')),
        );
      });
      lost.catch(() => {});
      const inst: Instance = { browser, pid, captures: 0, active: 0, lost, denyProxy, profileDir };
      browser.once('disconnected', () => {
        if (current === inst) current = null;
        void dispose(inst);
      });
      return inst;
    } catch (err) {
      await denyProxy.close();
      await rm(profileDir, { recursive: true, force: true });
      if (err instanceof Unavailable) throw err;
      throw new Unavailable('browser', `Chromium could not start: ${(err as Error).message}`, { cause: err });
    }
  }

  /**
   * Closes the browser and everything it left; once per instance (close, recycle, crash and
   * replacement all lead here). A wedged browser would not answer `Browser.close`: it is killed.
   */
  function dispose(inst: Instance, { graceful = true } = {}): Promise<void> {
    inst.disposed ??= (async () => {
      stray += inst.denyProxy.events.length;
      if (inst.browser.connected && graceful) {
        await within(inst.browser.close(), 5000).catch(() => {});
      }
      if (inst.pid) await killGroup(inst.pid);
      await inst.denyProxy.close();
      await rm(inst.profileDir, { recursive: true, force: true }).catch(() => {});
    })();
    return inst.disposed;
  }

  /**
   * A wedged browser is killed now rather than recycled when idle: the captures on it would only
   * wait out their timeouts. They fail with `Unavailable` (`lost`); the next one launches anew.
   */
  function replace(inst: Instance) {
    if (current === inst) {
      current = null;
      recycleDue = false;
    }
    void dispose(inst, { graceful: false });
    pump();
  }

  /** Does the browser open and close a context within `PROBE_MS`? Replaces it if not. */
  function proves(inst: Instance): Promise<boolean> {
    inst.proving ??= openAndClose(inst.browser)
      .then(
        () => true,
        () => {
          replace(inst);
          return false;
        },
      )
      .finally(() => {
        inst.proving = undefined;
      });
    return inst.proving;
  }

  async function running(): Promise<Instance> {
    await Promise.all([current?.memoryCheck, current?.proving]);
    if (current && recycleDue && current.active === 0) {
      const old = current;
      current = null;
      recycleDue = false;
      await dispose(old);
    }
    if (current?.browser.connected) return current;
    launching ??= launch().finally(() => {
      launching = null;
    });
    current = await launching;
    if (closed) {
      await dispose(current);
      current = null;
      throw new Unavailable('browser', 'The browser pool is shut down');
    }
    return current;
  }

  async function checkMemory(inst: Instance) {
    const usage = await groupUsage(inst.pid);
    if (usage.memoryMb > config.maxRssMb && current === inst) {
      recycleDue = true;
      pump();
    }
  }

  return {
    options,

    async acquire({ timeoutMs, signal }) {
      if (closed) throw new Unavailable('browser', 'The browser pool is shut down');
      await waitForSlot(timeoutMs, signal);
      let inst: Instance;
      try {
        inst = await running();
      } catch (err) {
        active--;
        pump();
        throw err;
      } finally {
        // The recycle (if any) is done: let the queue move.
        pump();
      }
      inst.active++;
      let released = false;
      return {
        browser: inst.browser,
        lost: inst.lost,
        prove: () => proves(inst),
        release({ unhealthy = false } = {}) {
          if (released) return;
          released = true;
          inst.active--;
          inst.captures++;
          active--;
          if (current === inst && (unhealthy || inst.captures >= config.recycleAfter)) recycleDue = true;
          if (current === inst && inst.pid) inst.memoryCheck = checkMemory(inst).catch(() => {});
          pump();
        },
      };
    },

    async warm() {
      if (!(await proves(await running()))) {
        throw new Unavailable(
          'browser',
          `Chromium did not open a browser context within ${PROBE_MS} ms; it was replaced`,
        );
      }
    },

    async stats() {
      const inst = current;
      const usage = inst?.pid ? await groupUsage(inst.pid) : { pids: [], memoryMb: 0 };
      return {
        pid: inst?.pid ?? null,
        captures: inst?.captures ?? 0,
        launches,
        sandboxed: lastSandboxed,
        rssMb: usage.memoryMb,
        processes: usage.pids.length,
        active,
        queued: waiters.length,
        contexts: inst?.browser.connected ? inst.browser.browserContexts().length - 1 : 0,
        strayRequests: stray + (inst && !inst.disposed ? inst.denyProxy.events.length : 0),
      };
    },

    async close() {
      closed = true;
      for (const w of [...waiters]) w.fail(new Unavailable('browser', 'The browser pool is shut down'));
      const pending = await launching?.catch(() => null);
      const inst = current ?? pending ?? null;
      current = null;
      if (inst) await dispose(inst);
    },
  };
}

/** The readiness proof: the browser's UI thread creates and disposes a context in time. */
async function openAndClose(browser: Browser): Promise<void> {
  if (!browser.connected) throw new Error('Chromium is not connected');
  // Closed whenever it opens, so a context that arrives after the deadline is not left behind.
  const cycle = browser.createBrowserContext().then((context) => context.close());
  cycle.catch(() => {});
  await within(cycle, PROBE_MS);
}
