/**
 * @module capture/spare
 * The next capture's context, opened ahead. Opening a capture's egress proxy, incognito context
 * and page costs ~90–150 ms of a capture that nothing else is waiting on (docs/benchmarks.md,
 * "Stages"); so when a capture ends well, its browser opens one for the capture after it, and
 * that capture starts at navigation. The spare is as fresh as any: its own proxy, its own
 * context, nothing loaded, and used by one capture only. A browser holds at most one; it is
 * closed with the browser, and thrown away when the capture that finds it wants another
 * target policy (`allowPrivateTargets`).
 */
import type { Browser } from 'puppeteer-core';
import { type CaptureContext, openCaptureContext } from './context.ts';
import { type CaptureGuard, type GuardOptions, openGuard } from './guard.ts';

/** A capture's guard and the context behind it. */
export interface Opened {
  guard: CaptureGuard;
  ctx: CaptureContext;
}

interface Spare {
  allowPrivateTargets: boolean;
  /** null when it could not be opened (the capture then opens its own, as usual). */
  opened: Promise<Opened | null>;
  /** Its context, once open. */
  ctx?: CaptureContext;
}

const spares = new WeakMap<Browser, Spare>();

/** How long a spare may take to open before it is given up. */
const OPEN_MS = 5000;

/** Opens a spare for `browser`'s next capture, unless it has one. Never throws. */
export function prepareSpare(browser: Browser, options: GuardOptions): void {
  if (spares.has(browser) || !browser.connected) return;
  const spare: Spare = { allowPrivateTargets: options.allowPrivateTargets, opened: Promise.resolve(null) };
  spare.opened = (async () => {
    const guard = await openGuard(options).catch(() => null);
    if (!guard) return null;
    try {
      spare.ctx = await openCaptureContext(browser, guard.proxyUrl, OPEN_MS);
      return { guard, ctx: spare.ctx };
    } catch {
      await guard.close().catch(() => {});
      return null;
    }
  })();
  spares.set(browser, spare);
}

/**
 * `browser`'s spare for a capture with `options`, or null. The spare is the caller's from then
 * on. One still opening is waited for (it is further along than a new one would be); one for
 * another target policy, or whose page crashed, is closed.
 */
export async function takeSpare(browser: Browser, options: GuardOptions): Promise<Opened | null> {
  const spare = spares.get(browser);
  if (!spare) return null;
  spares.delete(browser);
  const opened = await spare.opened;
  if (!opened) return null;
  const usable =
    spare.allowPrivateTargets === options.allowPrivateTargets && browser.connected && !opened.ctx.isCrashed();
  if (usable) return opened;
  await closeOpened(opened);
  return null;
}

/** Closes `browser`'s spare, if any: when the browser is disposed. */
export async function dropSpare(browser: Browser): Promise<void> {
  const spare = spares.get(browser);
  if (!spare) return;
  spares.delete(browser);
  const opened = await spare.opened;
  if (opened) await closeOpened(opened);
}

/**
 * Browser contexts of `browser` that belong to captures: all but the default one and the spare
 * (counted out while it opens too, when its context may or may not exist yet).
 */
export function captureContexts(browser: Browser): number {
  const spare = spares.get(browser);
  const others = browser.browserContexts().filter((c) => c !== browser.defaultBrowserContext());
  if (!spare) return others.length;
  if (spare.ctx) return others.filter((c) => c !== spare.ctx?.context).length;
  return Math.max(0, others.length - 1);
}

async function closeOpened({ guard, ctx }: Opened): Promise<void> {
  // A disposed browser took the context with it: only the proxy is ours to close.
  if (ctx.context.browser().connected) await ctx.close().catch(() => {});
  await guard.close().catch(() => {});
}
