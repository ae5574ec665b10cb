/**
 * Where one capture's time goes: `npx tsx bench/stages.ts [runs]`. On the light bench page at
 * 1440×900 @2, interleaved, medians of warm runs, each layer wrapping the one before:
 *
 *   floor       bare puppeteer-core: new page, goto (load), PNG screenshot
 *   engine      lib/capture `capture()` (guard, fresh context behind the egress proxy, emulation,
 *               navigation, readiness, shot), with its own per-stage timings
 *   produce     `produceRender()`: engine + encode (raw) or compose (styled) + S3 put + render record
 *   in-process  `app.request()`: auth, rate limit, validation, cache lookup, slot, credits, produce
 *
 * The HTTP layer on top is what `npm run bench` times.
 */
import '../scripts/quiet-sdk.ts';
import * as v from 'valibot';
import { buildApp } from '../lib/app.ts';
import { grantCredits } from '../lib/billing/ledger.ts';
import { capture } from '../lib/capture/index.ts';
import { captureInput, produceRender } from '../lib/captures/produce.ts';
import { loadConfig } from '../lib/config.ts';
import { depsFromConfig } from '../lib/deps.ts';
import { newId } from '../lib/ids.ts';
import { startLocalStack } from '../lib/local/stack.ts';
import { CaptureParams, RawParams } from '../lib/schemas/capture.ts';
import { createAccount } from '../lib/store/accounts.ts';
import { createApiKey } from '../lib/store/api-keys.ts';
import { chromiumBinary, floorEngine } from './engines.ts';
import { startBenchSite } from './fixture-server.ts';
import { median, table } from './stats.ts';

const runs = Number(process.argv[2] ?? 15);
const VIEWPORT = { width: 1440, height: 900, dpr: 2 };
const PLAN = JSON.stringify({
  bench: { monthly_credits: 0, requests_per_minute: 1_000_000, concurrent_captures: 64 },
});

const site = await startBenchSite();
const stack = await startLocalStack({
  env: { FRAMESHOT_ALLOW_PRIVATE_TARGETS: 'true', FRAMESHOT_LOG_LEVEL: 'SILENT', FRAMESHOT_PLANS: PLAN },
});
const deps = depsFromConfig(loadConfig(stack.env));
const app = buildApp(deps);
const floor = await floorEngine(await chromiumBinary(), VIEWPORT);
try {
  const now = Date.now();
  const account = await createAccount(deps.table, { name: 'stages', plan: 'bench', now });
  await grantCredits(deps.table, account.id, 1_000_000, now);
  const { apiKey } = await createApiKey(deps.table, { accountId: account.id, test: false, now });

  let n = 0;
  const url = () => `${site.origin}/light.html?stage=${n++}`;
  const common = { viewport: { width: VIEWPORT.width, height: VIEWPORT.height }, capture_dpr: VIEWPORT.dpr };
  const rawParams = () => v.parse(RawParams, { url: url(), ...common, fresh: true });
  const styledParams = () =>
    v.parse(CaptureParams, { url: url(), ...common, device: 'browser-macos', fresh: true });
  const opts = { allowPrivateTargets: true, timeoutMs: 30_000 };
  const engineStages: Record<string, number[]> = {};
  const produceStages: Record<string, number[]> = {};

  const layers: Array<[string, () => Promise<unknown>]> = [
    ['floor (puppeteer-core)', () => floor.shoot(url())],
    [
      'engine: capture()',
      async () => {
        const shot = await capture(deps.browser, captureInput(rawParams()), opts);
        for (const [stage, ms] of Object.entries(shot.timings ?? {})) {
          engineStages[stage] = [...(engineStages[stage] ?? []), ms];
        }
      },
    ],
    [
      'produce: raw',
      async () => {
        const produced = await produceRender(deps, {
          id: newId('cap'),
          kind: 'raw',
          params: rawParams(),
          accountId: account.id,
          test: false,
          timeoutMs: 30_000,
        });
        for (const [stage, ms] of Object.entries(produced.timings ?? {})) {
          produceStages[stage] = [...(produceStages[stage] ?? []), ms];
        }
      },
    ],
    [
      'produce: styled (browser-macos)',
      () =>
        produceRender(deps, {
          id: newId('cap'),
          kind: 'capture',
          params: styledParams(),
          accountId: account.id,
          test: false,
          timeoutMs: 30_000,
        }),
    ],
    ['in-process app: /v1/raw', () => post('/v1/raw', { url: url(), ...common, fresh: true })],
    [
      'in-process app: /v1/capture',
      () => post('/v1/capture', { url: url(), ...common, device: 'browser-macos', fresh: true }),
    ],
  ];

  async function post(path: string, body: unknown) {
    const res = await app.request(path, {
      method: 'POST',
      headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  }

  const times = layers.map(() => [] as number[]);
  for (let i = -2; i < runs; i++) {
    for (const [k, [, run]] of layers.entries()) {
      const t0 = performance.now();
      await run();
      if (i >= 0) times[k]!.push(performance.now() - t0);
    }
  }
  console.log(
    `median of ${runs} warm runs, light page, ${VIEWPORT.width}×${VIEWPORT.height} @${VIEWPORT.dpr}`,
  );
  console.log(
    table(
      ['layer', 'p50 ms'],
      layers.map(([name], k) => [name, median(times[k]!).toFixed(0)]),
    ),
  );
  console.log('\ncapture() stages (median ms):');
  console.log(
    table(
      ['stage', 'p50 ms'],
      Object.entries(engineStages).map(([stage, ms]) => [stage, median(ms).toFixed(0)]),
    ),
  );
  console.log('\nproduce: raw, Server-Timing stages (median ms):');
  console.log(
    table(
      ['stage', 'p50 ms'],
      Object.entries(produceStages).map(([stage, ms]) => [stage, median(ms).toFixed(0)]),
    ),
  );
} finally {
  await floor.close();
  await deps.browser.close();
  await stack.stop();
  await site.close();
}
