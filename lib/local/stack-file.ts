/**
 * @module local/stack-file
 * The running local stack writes its endpoints to `<data dir>/stack.json`, so the admin CLI
 * and other tools on the same machine reach the same emulators.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const file = (dataDir: string) => path.join(dataDir, 'stack.json');

export function writeStackFile(dataDir: string, env: Record<string, string>, pid = process.pid): void {
  writeFileSync(file(dataDir), JSON.stringify({ pid, env }, null, 2), { mode: 0o600 });
}

export function readStackFile(dataDir: string): { pid: number; env: Record<string, string> } | undefined {
  if (!existsSync(file(dataDir))) return undefined;
  try {
    return JSON.parse(readFileSync(file(dataDir), 'utf8'));
  } catch {
    return undefined;
  }
}

export function removeStackFile(dataDir: string): void {
  rmSync(file(dataDir), { force: true });
}
