/**
 * @module capture/pool/stats
 * What the pool reports (`/ready`, tests, benchmarks): the browser in service, its process
 * group as the kernel sees it, the slots, and the launcher's record.
 */

import { groupUsage } from '../processes.ts';
import { captureContexts } from '../spare.ts';
import type { Instance, LaunchRecord } from './launcher.ts';
import type { Slots } from './slots.ts';

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

export async function readStats(
  inst: Instance | null,
  slots: Pick<Slots, 'taken' | 'queued'>,
  record: Readonly<LaunchRecord>,
): Promise<PoolStats> {
  const usage = inst?.pid ? await groupUsage(inst.pid) : { pids: [], memoryMb: 0 };
  return {
    pid: inst?.pid ?? null,
    captures: inst?.captures ?? 0,
    launches: record.launches,
    sandboxed: record.sandboxed,
    rssMb: usage.memoryMb,
    processes: usage.pids.length,
    active: slots.taken,
    queued: slots.queued,
    // Neither the browser's default context nor the next capture's spare is a capture's.
    contexts: inst?.browser.connected ? captureContexts(inst.browser) : 0,
    // A disposed instance's refusals are already in the record.
    strayRequests: record.strayRequests + (inst && !inst.disposed ? inst.denyProxy.events.length : 0),
  };
}
