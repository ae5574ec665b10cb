/**
 * @module bench/memory
 * Memory of a process and everything it started (Linux /proc): the process itself (the Node
 * server) and its descendants (Chromium and its helpers), as PSS so shared pages count once.
 */
import { readdir, readFile } from 'node:fs/promises';

export interface TreeUsage {
  /** The process itself, MiB. */
  selfMb: number;
  /** Its descendants (Chromium), MiB. */
  childrenMb: number;
  children: number;
}

async function memoryKb(pid: number): Promise<number> {
  const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
  const pss = /^Pss:\s+(\d+)/m.exec(rollup);
  if (pss) return Number(pss[1]);
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
}

async function parents(): Promise<Map<number, number>> {
  const map = new Map<number, number>();
  const entries = await readdir('/proc').catch(() => [] as string[]);
  await Promise.all(
    entries
      .filter((e) => /^\d+$/.test(e))
      .map(async (e) => {
        const stat = await readFile(`/proc/${e}/stat`, 'utf8').catch(() => '');
        const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (rest[0] && rest[0] !== 'Z') map.set(Number(e), Number(rest[1]));
      }),
  );
  return map;
}

export async function treeUsage(pid: number): Promise<TreeUsage> {
  const ppids = await parents();
  const descendants: number[] = [];
  const frontier = [pid];
  while (frontier.length) {
    const p = frontier.pop()!;
    for (const [child, parent] of ppids) {
      if (parent === p) {
        descendants.push(child);
        frontier.push(child);
      }
    }
  }
  const [self, ...kids] = await Promise.all([pid, ...descendants].map(memoryKb));
  return {
    selfMb: Math.round((self ?? 0) / 1024),
    childrenMb: Math.round(kids.reduce((a, b) => a + b, 0) / 1024),
    children: descendants.length,
  };
}

export interface MemorySample extends TreeUsage {
  /** Milliseconds since the sampler started. */
  at: number;
}

export interface MemorySampler {
  samples: MemorySample[];
  peak(): { selfMb: number; childrenMb: number; totalMb: number };
  stop(): Promise<void>;
}

/** Samples `treeUsage(pid)` every `everyMs` until stopped. */
export function sampleMemory(pid: number, everyMs = 500): MemorySampler {
  const samples: MemorySample[] = [];
  const started = Date.now();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      samples.push({ at: Date.now() - started, ...(await treeUsage(pid)) });
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    samples,
    peak: () => ({
      selfMb: Math.max(0, ...samples.map((s) => s.selfMb)),
      childrenMb: Math.max(0, ...samples.map((s) => s.childrenMb)),
      totalMb: Math.max(0, ...samples.map((s) => s.selfMb + s.childrenMb)),
    }),
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}
