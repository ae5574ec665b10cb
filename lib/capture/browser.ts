/**
 * @module capture/browser
 * The browser pool: one Chromium per process, launched on first use and reused; a bounded number
 * of captures at once with a FIFO queue; relaunched after a crash or a disconnect; recycled after
 * N captures or above a memory ceiling; `close()` leaves no Chromium process behind.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import type { Config } from '../config.ts';
import { Unavailable } from '../errors.ts';
import { type DialFn, type EgressProxy, type LookupFn, startEgressProxy } from '../net/index.ts';
import { hardeningArgs, resolveChromium } from './chromium.ts';
import { groupUsage, killGroup } from './processes.ts';

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
  /** Give the slot back. `unhealthy` recycles the browser once it is idle. */
  release(opts?: { unhealthy?: boolean }): void;
}

export interface BrowserPool {
  readonly options: Readonly<BrowserPoolOptions>;
  /** Waits (up to `timeoutMs`) for a slot, then for a running browser. */
  acquire(opts: { timeoutMs: number; signal?: AbortSignal }): Promise<BrowserLease>;
  /** Launches the browser now (readiness checks). */
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
      const browser = await puppeteer.launch({
        executablePath: binary.path,
        headless: binary.headless,
        args: [...binary.args, ...hardeningArgs(denyProxy.url)],
        userDataDir: profileDir,
        env: { ...process.env, TMPDIR: base },
        // No DevTools port on 127.0.0.1: the protocol runs over a pipe.
        pipe: true,
        defaultViewport: null,
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        protocolTimeout: 60_000,
      });
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

  /** Closes the browser and everything it left; once per instance (close, recycle and crash all lead here). */
  function dispose(inst: Instance): Promise<void> {
    inst.disposed ??= (async () => {
      stray += inst.denyProxy.events.length;
      if (inst.browser.connected) {
        await withTimeout(inst.browser.close(), 5000).catch(() => {});
      }
      if (inst.pid) await killGroup(inst.pid);
      await inst.denyProxy.close();
      await rm(inst.profileDir, { recursive: true, force: true }).catch(() => {});
    })();
    return inst.disposed;
  }

  async function running(): Promise<Instance> {
    await current?.memoryCheck;
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
      await running();
    },

    async stats() {
      const inst = current;
      const usage = inst?.pid ? await groupUsage(inst.pid) : { pids: [], memoryMb: 0 };
      return {
        pid: inst?.pid ?? null,
        captures: inst?.captures ?? 0,
        launches,
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

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
