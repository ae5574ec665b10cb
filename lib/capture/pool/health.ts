/**
 * @module capture/pool/health
 * Measuring a browser: the proof that it still answers (a context opened and closed within
 * `PROBE_MS`) and the resident memory of its process group. What to do about it is `policy.ts`.
 */
import type { Browser } from 'puppeteer-core';
import { groupUsage } from '../processes.ts';
import { within } from '../run.ts';

/**
 * How long a browser may take to open and close a context before it counts as wedged. A healthy
 * one takes 3–680 ms (median 23) with two captures running beside it; a wedged one (its UI
 * thread stuck behind a huge full-page raster) took 5–65 s to answer anything at all.
 */
export const PROBE_MS = 3000;

/** The readiness proof: does the browser's UI thread create and dispose a context in time? */
export async function answers(browser: Browser): Promise<boolean> {
  try {
    await openAndClose(browser);
    return true;
  } catch {
    // Not connected, refused, or no answer within PROBE_MS: all mean the browser is unfit.
    return false;
  }
}

async function openAndClose(browser: Browser): Promise<void> {
  if (!browser.connected) throw new Error('Chromium is not connected');
  // Closed whenever it opens, so a context that arrives after the deadline is not left behind.
  const cycle = browser.createBrowserContext().then((context) => context.close());
  cycle.catch(() => {});
  await within(cycle, PROBE_MS);
}

/** Resident memory (MiB) of the browser's process group. */
export async function memoryMb(pid: number): Promise<number> {
  return (await groupUsage(pid)).memoryMb;
}
