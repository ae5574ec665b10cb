/**
 * @module capture/pool/launcher
 * Starting and ending a Chromium: one launch at a time (callers meanwhile share it), each
 * instance with its own work directory and a deny-all egress proxy for requests made outside
 * any capture context; `dispose` leaves nothing of it behind, once per instance, whatever led
 * there (close, recycle, crash, replacement).
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import type { Config } from '../../config.ts';
import { Unavailable } from '../../errors.ts';
import { type EgressProxy, startEgressProxy } from '../../net/index.ts';
import { hardeningArgs, resolveChromium } from '../chromium.ts';
import { killGroup } from '../processes.ts';
import { within } from '../run.ts';
import { launchChromium } from '../sandbox.ts';
import { dropSpare } from '../spare.ts';

/** A launched Chromium. `captures`, `active`, `memoryCheck` and `proving` are the pool's to keep. */
export interface Instance {
  readonly browser: Browser;
  /** Its process id, which also names its process group (0 when unknown). */
  readonly pid: number;
  /** Rejects with `Unavailable('browser')` once the browser disconnects. */
  readonly lost: Promise<never>;
  readonly denyProxy: EgressProxy;
  readonly workDir: string;
  /** Captures finished on it. */
  captures: number;
  /** Captures running on it now. */
  active: number;
  /** The memory check started when the last capture ended; the next start waits for it. */
  memoryCheck?: Promise<void>;
  /** The proof in flight; shared by everyone who asks meanwhile. */
  proving?: Promise<boolean>;
  /** Set once disposing has started. */
  disposed?: Promise<void>;
}

export interface LaunchRecord {
  launches: number;
  /** Whether the last launched Chromium runs its renderers in its sandbox (null before a launch). */
  sandboxed: boolean | null;
  /** Requests refused by the deny proxies of disposed instances. */
  strayRequests: number;
}

export interface Launcher {
  /** A new instance; a launch already under way is shared rather than doubled. */
  launch(): Promise<Instance>;
  /** The launch under way, if any. */
  pending(): Promise<Instance> | null;
  /** Closes the browser (`graceful`) or only kills it, then removes what it left. */
  dispose(inst: Instance, opts?: { graceful?: boolean }): Promise<void>;
  readonly record: Readonly<LaunchRecord>;
}

export interface LauncherOptions {
  /** Parent of each instance's work directory (default: the OS temp dir). */
  tmpDir?: string;
  /** Told when an instance's browser disconnects, before it is disposed. */
  onExit(inst: Instance): void;
}

export function createLauncher(config: Config['browser'], options: LauncherOptions): Launcher {
  const record: LaunchRecord = { launches: 0, sandboxed: null, strayRequests: 0 };
  let launching: Promise<Instance> | null = null;

  async function start(): Promise<Instance> {
    const inst = await startInstance(config, options.tmpDir ?? tmpdir(), record);
    inst.browser.once('disconnected', () => {
      options.onExit(inst);
      void dispose(inst);
    });
    return inst;
  }

  function dispose(inst: Instance, { graceful = true } = {}): Promise<void> {
    inst.disposed ??= (async () => {
      record.strayRequests += inst.denyProxy.events.length;
      // A wedged browser would not answer `Browser.close`: the group is killed either way.
      if (inst.browser.connected && graceful) await within(inst.browser.close(), 5000).catch(() => {});
      if (inst.pid) await killGroup(inst.pid);
      await dropSpare(inst.browser);
      await inst.denyProxy.close();
      await rm(inst.workDir, { recursive: true, force: true }).catch(() => {});
    })();
    return inst.disposed;
  }

  return {
    launch() {
      launching ??= start().finally(() => {
        launching = null;
      });
      return launching;
    },
    pending: () => launching,
    dispose,
    record,
  };
}

async function startInstance(
  config: Config['browser'],
  base: string,
  record: LaunchRecord,
): Promise<Instance> {
  const workDir = await mkdtemp(join(base, 'frameshot-chromium-'));
  const denyProxy = await startEgressProxy({ allowPrivateTargets: false, refuseAll: true });
  try {
    const binary = await resolveChromium(config.executablePath, config.binDir);
    const { browser, sandboxed } = await launchChromium(
      binary,
      workDir,
      config.sandbox ?? 'auto',
      hardeningArgs(denyProxy.url),
    );
    record.sandboxed = sandboxed;
    record.launches++;
    const lost = new Promise<never>((_, reject) => {
      browser.once('disconnected', () =>
        reject(new Unavailable('browser', 'Chromium exited during the capture; retry the request')),
      );
    });
    lost.catch(() => {});
    return { browser, pid: browser.process()?.pid ?? 0, lost, denyProxy, workDir, captures: 0, active: 0 };
  } catch (err) {
    await denyProxy.close();
    await rm(workDir, { recursive: true, force: true });
    if (err instanceof Unavailable) throw err;
    throw new Unavailable('browser', `Chromium could not start: ${(err as Error).message}`, { cause: err });
  }
}
