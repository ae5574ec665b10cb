/**
 * Chromium killed (SIGKILL to its whole process group, as the OOM killer or a crash would):
 * between captures and in the middle of one. The pool must notice, launch a new browser, leave
 * no process of the old one behind, and refund the capture it lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import { capture } from '../../lib/capture/index.ts';
import { groupMembers } from '../../lib/capture/processes.ts';
import type { Deps } from '../../lib/deps.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { balanceAndLedger, call, captureDeps, createTestAccount, type TestApp } from '../helpers/stack.ts';
import { until } from './services.ts';

let deps: Deps;
let app: TestApp;
let site: FixtureServer;

beforeAll(async () => {
  deps = captureDeps();
  app = buildApp(deps);
  site = await startFixtureServer();
});

afterAll(async () => {
  await deps.browser.close();
  await site.close();
});

/** SIGKILLs the running browser's process group; returns its pid. */
async function killChromium(): Promise<number> {
  const { pid } = await deps.browser.stats();
  // Never kill(-0): that is this process's own group.
  if (!pid || pid <= 0) throw new Error('no browser is running');
  process.kill(-pid, 'SIGKILL');
  return pid;
}

describe('Chromium killed', () => {
  it('between captures: the next capture launches a new browser and succeeds', async () => {
    const { apiKey } = await createTestAccount(deps, { credits: 10 });
    const first = await call(app, 'POST', '/v1/raw', {
      key: apiKey,
      body: { url: `${site.origin}/basic.html?kill=idle-1` },
    });
    expect(first.status).toBe(201);
    const launches = (await deps.browser.stats()).launches;
    const old = await killChromium();
    // The crash has been seen (see the race below for a capture that comes sooner).
    await until(async () => (await deps.browser.stats()).pid !== old, 5000, 'the pool to notice');

    const next = await call(app, 'POST', '/v1/raw', {
      key: apiKey,
      body: { url: `${site.origin}/basic.html?kill=idle-2` },
    });
    expect(next.status).toBe(201);
    const stats = await deps.browser.stats();
    expect(stats.launches).toBe(launches + 1);
    expect(stats.pid).not.toBe(old);
    await until(async () => (await groupMembers(old)).length === 0, 5000, 'the old browser group to be gone');
  });

  // A capture that starts after Chromium died but before the pool saw the pipe close is handed
  // the dead browser; nothing of it has run, so it must move to a new one. Calling the engine
  // right after the kill makes the window certain (through HTTP it is the DynamoDB calls).
  it('right before a capture: the capture relaunches the browser instead of failing', async () => {
    const opts = { allowPrivateTargets: true, timeoutMs: 20_000 };
    await capture(deps.browser, { url: `${site.origin}/basic.html?kill=race-warm` }, opts);
    await killChromium();
    const shot = await capture(deps.browser, { url: `${site.origin}/basic.html?kill=race` }, opts);
    expect(shot.width).toBeGreaterThan(0);
  });

  it('during a capture: 503 unavailable, refunded, and the next capture succeeds', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { credits: 10 });
    await deps.browser.warm();
    site.clear();
    const pending = call(app, 'POST', '/v1/capture', {
      key: apiKey,
      body: { url: `${site.origin}/slow?ms=3000&page=basic.html&kill=busy`, device: 'browser-macos' },
    });
    await until(() => site.requests('/slow').length > 0, 30_000, 'the capture to start');
    const old = await killChromium();

    const res = await pending;
    expect(res.status).toBe(503);
    expect(res.json.error).toMatchObject({ code: 'unavailable', service: 'browser' });
    const money = await balanceAndLedger(deps, accountId);
    expect(money).toMatchObject({ balance: 10, ledgerSum: 10 });

    const next = await call(app, 'POST', '/v1/capture', {
      key: apiKey,
      body: { url: `${site.origin}/basic.html?kill=after`, device: 'browser-macos' },
    });
    expect(next.status).toBe(201);
    expect((await balanceAndLedger(deps, accountId)).balance).toBe(7);
    await until(async () => (await groupMembers(old)).length === 0, 5000, 'the old browser group to be gone');
    expect((await deps.browser.stats()).contexts).toBe(0);
  });

  it('while captures wait for a slot: the queued ones still run on the new browser', async () => {
    const { apiKey, accountId } = await createTestAccount(deps, { credits: 10 });
    await deps.browser.warm();
    site.clear();
    // Two slots: two slow captures hold them, a third waits in the pool's queue.
    const slow = [1, 2].map((i) =>
      call(app, 'POST', '/v1/raw', {
        key: apiKey,
        body: { url: `${site.origin}/slow?ms=3000&page=basic.html&kill=queue-${i}` },
      }),
    );
    await until(() => site.requests('/slow').length === 2, 30_000, 'both slow captures to start');
    const queued = call(app, 'POST', '/v1/raw', {
      key: apiKey,
      body: { url: `${site.origin}/basic.html?kill=queued` },
    });
    await until(async () => (await deps.browser.stats()).queued === 1, 10_000, 'the third capture to queue');
    await killChromium();

    const statuses = (await Promise.all(slow)).map((r) => r.status);
    expect(statuses).toEqual([503, 503]);
    expect((await queued).status).toBe(201);
    const money = await balanceAndLedger(deps, accountId);
    expect(money).toMatchObject({ balance: 9, ledgerSum: 9 });
  });
});
