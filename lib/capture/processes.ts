/**
 * @module capture/processes
 * The Chromium process group as the kernel sees it (Linux /proc). Puppeteer starts Chromium
 * detached, so the browser is a process-group leader and every helper it forks (renderers, GPU,
 * network service) stays in that group even after the browser itself died and they were
 * re-parented. That makes the group the right unit to measure and to kill.
 */
import { readdir, readFile } from 'node:fs/promises';

export interface GroupUsage {
  /** Live (non-zombie) processes in the group. */
  pids: number[];
  /** Resident memory of the group in MiB (sum of the processes' RSS). */
  memoryMb: number;
}

export async function groupUsage(pgid: number): Promise<GroupUsage> {
  const pids = await groupMembers(pgid);
  const kb = await Promise.all(pids.map(memoryKb));
  return { pids, memoryMb: Math.round(kb.reduce((a, b) => a + b, 0) / 1024) };
}

/** Live processes whose process group is `pgid`. Empty on systems without /proc. */
export async function groupMembers(pgid: number): Promise<number[]> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [];
  }
  const found = await Promise.all(
    entries
      .filter((e) => /^\d+$/.test(e))
      .map(async (e) => {
        const stat = await readFile(`/proc/${e}/stat`, 'utf8').catch(() => '');
        // Fields after the parenthesised command: state ppid pgrp …
        const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return rest[0] !== 'Z' && Number(rest[2]) === pgid ? Number(e) : 0;
      }),
  );
  return found.filter((p) => p > 0);
}

/** SIGKILLs what is left of a process group and waits (up to `waitMs`) until it is gone. */
export async function killGroup(pgid: number, waitMs = 3000): Promise<void> {
  const until = Date.now() + waitMs;
  while ((await groupMembers(pgid)).length > 0) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      return; // ESRCH: nothing left; EPERM: not ours to kill
    }
    if (Date.now() > until) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Resident set size. Summed over the group it counts shared pages (the Chromium binary) once per
 * process, so it overstates a little, but unlike PSS or USS it does not move when some other
 * process on the machine maps the same binary: a stable number to watch and to cap.
 */
async function memoryKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
}
