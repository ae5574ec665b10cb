/**
 * Memory a finished capture leaves behind. Found by `npm run bench` (the API process grew by
 * ~2 MiB per capture, 250 → 740 MiB over a run) and traced with a heap snapshot to
 * `watch()` in lib/capture/run.ts: `Promise.race([work, limits, lease.lost, …])` adds a reaction
 * to `lease.lost`, which stays pending for the browser's whole life, and that reaction keeps the
 * race's settled promise — the whole CaptureResult with its image — reachable until the browser
 * is recycled (every 200 captures by default).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capture, createBrowserPool } from '../../lib/capture/index.ts';
import type { Deps } from '../../lib/deps.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { captureDeps } from '../helpers/stack.ts';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

let deps: Deps;
let site: FixtureServer;
const opts = { allowPrivateTargets: true, timeoutMs: 20_000 };

beforeAll(async () => {
  deps = captureDeps();
  site = await startFixtureServer();
});

afterAll(async () => {
  await deps.browser.close();
  await site.close();
});

const turn = () => new Promise((r) => setTimeout(r, 20));

/** Collects garbage over a few turns (a WeakRef target lives at least until the job ends). */
async function collected(ref: WeakRef<object>): Promise<boolean> {
  for (let i = 0; i < 5; i++) {
    await turn();
    gc();
  }
  await turn();
  return ref.deref() === undefined;
}

/** A capture whose result only a WeakRef points to when this returns. */
async function weakCapture(pool: Deps['browser'], tag: string): Promise<WeakRef<Buffer>> {
  const shot = await capture(pool, { url: `${site.origin}/basic.html?mem=${tag}` }, opts);
  return new WeakRef(shot.image);
}

describe('a finished capture', () => {
  it('is collected once its browser is closed (the check itself works)', async () => {
    const pool = createBrowserPool(deps.config.browser, deps.browser.options);
    const ref = await weakCapture(pool, 'closed');
    await pool.close();
    expect(await collected(ref)).toBe(true);
  });

  // Was a leak: watch() in lib/capture/run.ts raced against lease.lost, a promise that never
  // settles while the browser lives, so every result stayed reachable from it.
  it('is collected while the browser keeps running', async () => {
    const ref = await weakCapture(deps.browser, 'running');
    expect(await collected(ref)).toBe(true);
  });
});
