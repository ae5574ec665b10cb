/**
 * What page understanding adds to a capture: `npm run bench:ai [-- runs]`. On the bench's heavy
 * page (a real-looking landing page) and a corpus dashboard, at 1440×900 @2 in a browser-macos
 * frame, interleaved, medians of warm runs of `produceRender()` (engine + understanding + compose
 * + S3 + record) with no AI option and with all of them (`ai_style`, `ai_copy`, `ai_brand` with
 * the brand computed every time, `prompt`). Also: the in-page collection and the understanding
 * stage alone, and `element` against `selector` on the same block.
 */
import '../scripts/quiet-sdk.ts';
import * as v from 'valibot';
import { capture } from '../lib/capture/index.ts';
import { captureInput, produceRender } from '../lib/captures/produce.ts';
import { understandShot } from '../lib/captures/understanding.ts';
import { loadConfig } from '../lib/config.ts';
import { depsFromConfig } from '../lib/deps.ts';
import { newId } from '../lib/ids.ts';
import { startLocalStack } from '../lib/local/stack.ts';
import { CaptureParams, RawParams } from '../lib/schemas/capture.ts';
import type { PlanAi } from '../lib/schemas/plan.ts';
import { createAccount } from '../lib/store/accounts.ts';
import { startFixtureServer } from '../test/helpers/fixture-server.ts';
import { startBenchSite } from './fixture-server.ts';
import { median, table } from './stats.ts';

const runs = Number(process.argv[2] ?? 15);
const common = {
  viewport: { width: 1440, height: 900 },
  capture_dpr: 2,
  device: 'browser-macos',
  fresh: true,
};
const AI = { ai_style: true, ai_copy: true, ai_brand: true, prompt: 'soft shadow, square' };

const bench = await startBenchSite();
const corpus = await startFixtureServer();
const stack = await startLocalStack({
  env: { FRAMESHOT_ALLOW_PRIVATE_TARGETS: 'true', FRAMESHOT_LOG_LEVEL: 'SILENT' },
});
const deps = depsFromConfig(loadConfig(stack.env));
try {
  const account = await createAccount(deps.table, { name: 'bench-ai', plan: 'pro', now: Date.now() });
  const pages = {
    'heavy landing (bench)': `${bench.origin}/heavy.html`,
    'dashboard (corpus)': `${corpus.origin}/corpus/pulse-dashboard.html`,
  };
  let n = 0;
  const produce = (url: string, extra: Record<string, unknown>, ai?: PlanAi) =>
    produceRender(deps, {
      id: newId('cap'),
      kind: 'capture',
      params: v.parse(CaptureParams, { url: `${url}?ai=${n++}`, ...common, ...extra }),
      accountId: account.id,
      test: false,
      timeoutMs: 30_000,
      ...(ai ? { ai } : {}),
    });
  // No brand domain: the brand is computed (and not cached) on every run, the dearer case.
  const ai: PlanAi = { explicit: ['url', 'viewport', 'capture_dpr', 'device', 'fresh'] };

  const rows: string[][] = [];
  for (const [name, url] of Object.entries(pages)) {
    const plain: number[] = [];
    const styled: number[] = [];
    const collect: number[] = [];
    const stage: number[] = [];
    for (let i = -2; i < runs; i++) {
      let t = performance.now();
      await produce(url, {});
      if (i >= 0) plain.push(performance.now() - t);
      t = performance.now();
      await produce(url, AI, ai);
      if (i >= 0) styled.push(performance.now() - t);
      // The parts: the in-page pass (capture's own timing) and the stage after the shot.
      const params = v.parse(CaptureParams, { url: `${url}?part=${n++}`, ...common, ...AI });
      const shot = await capture(deps.browser, captureInput(params, undefined, ai), {
        allowPrivateTargets: true,
        timeoutMs: 30_000,
      });
      t = performance.now();
      await understandShot(params, ai, shot);
      if (i >= 0) {
        stage.push(performance.now() - t);
        collect.push(shot.timings.signals ?? 0);
      }
    }
    const p = median(plain);
    const s = median(styled);
    rows.push([
      name,
      p.toFixed(0),
      s.toFixed(0),
      `+${(s - p).toFixed(0)}`,
      median(collect).toFixed(0),
      median(stage).toFixed(0),
    ]);
  }
  console.log(`median of ${runs} warm runs, interleaved, 1440×900 @2, browser-macos frame`);
  console.log(
    table(
      [
        'page',
        'no AI ms',
        'all AI ms',
        'added ms',
        'in-page pass ms',
        'stage ms (incl. the decode compose reuses)',
      ],
      rows,
    ),
  );

  // element vs selector on the same block of the corpus pricing page.
  const pricing = `${corpus.origin}/corpus/acme-pricing.html`;
  const el: number[] = [];
  const sel: number[] = [];
  for (let i = -2; i < runs; i++) {
    const byWords = await capture(
      deps.browser,
      captureInput(v.parse(RawParams, { url: `${pricing}?e=${n++}`, element: 'the pricing table' })),
      { allowPrivateTargets: true, timeoutMs: 30_000 },
    );
    const bySelector = await capture(
      deps.browser,
      captureInput(v.parse(RawParams, { url: `${pricing}?s=${n++}`, selector: '#plans' })),
      { allowPrivateTargets: true, timeoutMs: 30_000 },
    );
    if (i >= 0) {
      el.push(byWords.timings.element ?? 0);
      sel.push(bySelector.timings.element ?? 0);
    }
  }
  console.log('\nlocating the block (capture() stage "element", median ms):');
  console.log(
    table(
      ['how', 'p50 ms'],
      [
        ['element: "the pricing table"', median(el).toFixed(0)],
        ['selector: "#plans"', median(sel).toFixed(0)],
      ],
    ),
  );
} finally {
  await deps.browser.close();
  await stack.stop();
  await bench.close();
  await corpus.close();
}
