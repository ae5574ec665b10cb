/**
 * `npm run bench [-- --quick] [-- --runs N] [-- --only <substring>]`: Frameshot against the floor
 * and its peers, on the same Chromium binary, the same fixture pages and the same viewport, in
 * one run, then the real-looking pages × every device against a floor at the device's emulation.
 * Prints the tables and writes `bench/results/latest.json` (and a timestamped copy). `--only`
 * measures just the real pages whose `page/device` contains the substring (a development filter:
 * nothing is written). See docs/benchmarks.md.
 */
import '../scripts/quiet-sdk.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  browserlessEngine,
  captureWebsiteEngine,
  captureWebsiteWarmEngine,
  chromiumBinary,
  type Engine,
  floorEngine,
  frameshotEngine,
  type Viewport,
} from './engines.ts';
import { startBenchSite } from './fixture-server.ts';
import { apiCall, startFrameshot } from './frameshot.ts';
import {
  authGets,
  cacheHits,
  lambdaColdStart,
  sideBySide,
  type ThroughputResult,
  throughput,
} from './measure.ts';
import { sampleMemory } from './memory.ts';
import { QUICK_DEVICES, realMatrix, realTable, stageTable, summarizeReal } from './real.ts';
import { type PageResults, pageTable, summarize, targets, targetTable, throughputTable } from './report.ts';
import { tiledReferenceEngine } from './tiled.ts';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    only: { type: 'string' },
  },
});
const quick = flags.quick ?? false;
const runs = Number(flags.runs ?? (quick ? 4 : 30));
const plan = {
  /** Frameshot, the floor and browserless on the light page (the summary's page). */
  runs,
  heavyRuns: quick ? 2 : Math.min(runs, 15),
  /** capture-website launches a browser per call; it and its warm variant get fewer runs. */
  launchRuns: quick ? 1 : Math.min(runs, 12),
  launchRunsHeavy: quick ? 1 : Math.min(runs, 6),
  warmCwRuns: quick ? 2 : Math.min(runs, 12),
  tallRuns: quick ? 2 : 10,
  cacheRuns: quick ? 50 : 200,
  /**
   * Every real page × device, Frameshot's two routes and the floor (bench/real.ts). Quick runs
   * every page on the devices that decide the verdicts (`QUICK_DEVICES`), twice.
   */
  realRuns: quick ? 2 : 4,
  realWarmup: quick ? 0 : 1,
  /** Full page of the tall article against the tiled reference, at 1440 wide @1. */
  articleRuns: quick ? 2 : 6,
  authRuns: quick ? 100 : 300,
  authSeconds: quick ? 3 : 8,
  /**
   * Throughput levels and seconds per level. A level's figure counts the requests still in flight
   * at its end, so a window shorter than a few captures (8 clients: ~4.3 s each) reads low: quick
   * measures two levels, 2× the slots and the peak, 7 s each.
   */
  throughputLevels: quick ? [4, 8] : [1, 2, 4, 8],
  throughputSeconds: quick ? 7 : 10,
  lambdaRuns: quick ? 1 : 3,
  warmup: quick ? 1 : 2,
};

const VIEWPORT: Viewport = { width: 1440, height: 900, dpr: 2 };
const SIZE = `${VIEWPORT.width}×${VIEWPORT.height} @${VIEWPORT.dpr}`;
/** The frame whose default viewport is the one above, so the screenshot is the same for every engine. */
const DEVICE = { device: 'browser-macos' };
const RESULTS = path.join(import.meta.dirname, 'results');

const say = (line = '') => process.stdout.write(`${line}\n`);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

say(
  `frameshot bench${quick ? ' (quick)' : ''}: ${os.cpus().length} cores, Node ${process.version}, load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const site = await startBenchSite();
const binary = await chromiumBinary();
say(`chromium: ${binary.path} (${binary.source}); pages on ${site.origin}; viewport ${SIZE}`);
const fs = await startFrameshot();
/**
 * Memory is sampled during the throughput phase only, where the peak is: one PSS sample of the
 * API and its Chromium walks /proc for 90–180 ms of kernel time, and sampling every 250 ms from
 * the start took ~half a core from every latency measured beside it.
 */
let memory: ReturnType<typeof sampleMemory> | undefined;
say(`frameshot API on ${fs.baseUrl} (pid ${fs.pid}, ${fs.concurrency} browser slots) after ${elapsed()}`);

const engines: Engine[] = [];
let extraErrors = 0;
const progress = (line: string) => say(`${line} (${elapsed()})`);
if (flags.only) {
  try {
    say(`\nreal pages matching "${flags.only}": ${plan.realRuns} runs each`);
    const cells = await realMatrix(
      fs,
      binary,
      site.origin,
      { runs: plan.realRuns, warmup: plan.realWarmup, only: flags.only },
      progress,
    );
    say(realTable(cells));
    say(stageTable(cells));
    say(JSON.stringify(summarizeReal(cells)));
  } finally {
    await memory?.stop();
    await fs.stop();
    await site.close();
  }
  process.exit(0);
}
try {
  const light = `${site.origin}/light.html`;
  const heavy = `${site.origin}/heavy.html`;
  const tall = `${site.origin}/tall.html`;
  const raw = frameshotEngine(fs, 'raw', VIEWPORT);
  const styled = frameshotEngine(fs, 'capture', VIEWPORT, DEVICE);

  // Cold: the first capture of a fresh API process launches Chromium; the first styled one
  // rasterises the frame's static layers.
  let t0 = performance.now();
  await raw.shoot(`${light}?cold=raw`);
  const coldRaw = performance.now() - t0;
  t0 = performance.now();
  await styled.shoot(`${light}?cold=capture`);
  const coldCapture = performance.now() - t0;
  say(
    `cold: first /v1/raw ${coldRaw.toFixed(0)} ms (browser launch included), first /v1/capture ${coldCapture.toFixed(0)} ms`,
  );

  const floor = await floorEngine(binary, VIEWPORT);
  const browserless = await browserlessEngine(binary, VIEWPORT);
  const perCall = captureWebsiteEngine(binary, VIEWPORT);
  const warmCw = await captureWebsiteWarmEngine(binary, VIEWPORT);
  engines.push(raw, styled, floor, browserless, perCall, warmCw);

  say(
    `\nlight page: ${plan.runs} warm runs each (capture-website: ${plan.launchRuns} per call, ${plan.warmCwRuns} warm)`,
  );
  const lightResults = await sideBySide(
    [
      { engine: raw, runs: plan.runs },
      { engine: styled, runs: plan.runs },
      { engine: floor, runs: plan.runs },
      { engine: browserless, runs: plan.runs },
      { engine: perCall, runs: plan.launchRuns },
      { engine: warmCw, runs: plan.warmCwRuns },
    ],
    light,
    { warmup: plan.warmup, onProgress: progress },
  );
  say(pageTable(lightResults));

  say(
    `\nheavy page (13 photos, 6 web fonts): ${plan.heavyRuns} warm runs each (capture-website per call: ${plan.launchRunsHeavy})`,
  );
  const heavyResults = await sideBySide(
    [
      { engine: raw, runs: plan.heavyRuns },
      { engine: styled, runs: plan.heavyRuns },
      { engine: floor, runs: plan.heavyRuns },
      { engine: browserless, runs: plan.heavyRuns },
      // capture-website is judged on the light page; quick runs leave it out here (~11 s).
      ...(quick
        ? []
        : [
            { engine: perCall, runs: plan.launchRunsHeavy },
            { engine: warmCw, runs: Math.min(plan.heavyRuns, plan.warmCwRuns) },
          ]),
    ],
    heavy,
    { warmup: 1, onProgress: progress },
  );
  say(pageTable(heavyResults));

  // Full page at 1× so the tall PNG stays a sane size. Not browserless: it keeps its device's 2×.
  const flat: Viewport = { ...VIEWPORT, dpr: 1 };
  const floorFlat = await floorEngine(binary, flat);
  engines.push(floorFlat);
  // The wrapped single-shot floor (docs/benchmarks.md, "Tall page"): no target reads it since the
  // tiled reference below; the full bench keeps the row, quick runs leave it out (~15 s).
  let tallResults: PageResults = {};
  if (!quick) {
    say(`\ntall page, full page at 1×: ${plan.tallRuns} runs each`);
    tallResults = await sideBySide(
      [
        { engine: frameshotEngine(fs, 'raw', flat), runs: plan.tallRuns },
        { engine: floorFlat, runs: plan.tallRuns },
      ],
      tall,
      { warmup: 1, fullPage: true },
    );
    say(pageTable(tallResults));
  }

  say(`\nreal pages × devices: ${plan.realRuns} runs each (+${plan.realWarmup} warm-up)`);
  const real = await realMatrix(
    fs,
    binary,
    site.origin,
    { runs: plan.realRuns, warmup: plan.realWarmup, ...(quick ? { devices: QUICK_DEVICES } : {}) },
    progress,
  );
  say(realTable(real));
  say(`\nwhere the time goes (Server-Timing medians, ms; rest: HTTP, JSON and the client)`);
  say(stageTable(real));

  const reference = await tiledReferenceEngine(binary, flat);
  engines.push(reference);
  say(`\ntall article, full page at 1440 wide @1: ${plan.articleRuns} runs each, against a tiled reference`);
  const articleResults: PageResults = await sideBySide(
    [
      { engine: frameshotEngine(fs, 'raw', flat), runs: plan.articleRuns },
      { engine: reference, runs: plan.articleRuns },
    ],
    `${site.origin}/real/article.html`,
    { warmup: 1, fullPage: true },
  );
  say(pageTable(articleResults));

  say(`\ncache hit: ${plan.cacheRuns} identical /v1/capture requests`);
  const cache = await cacheHits(
    fs,
    { url: `${light}?cache=1`, ...DEVICE, output: { format: 'png' } },
    plan.cacheRuns,
  );
  say(
    `cache hit p50 ${cache.p50} ms, p95 ${cache.p95} ms, p99 ${cache.p99} ms, misses ${cache.misses}, errors ${cache.errors}`,
  );

  say(
    `\nauthenticated GET /v1/usage: ${plan.authRuns} one at a time, then ${plan.authSeconds} s of autocannon`,
  );
  const auth = await authGets(fs, plan.authRuns, plan.authSeconds);
  say(`p50 ${auth.p50_ms} ms, p99 ${auth.p99_ms} ms, ${auth.rps} req/s, errors ${auth.errors}`);

  say(
    `\nthroughput: /v1/raw on the light page, ${plan.throughputSeconds} s per level, ${fs.concurrency} browser slots`,
  );
  const sampler = sampleMemory(fs.pid, 500);
  memory = sampler;
  const levels: ThroughputResult[] = [];
  for (const c of plan.throughputLevels) {
    levels.push(
      await throughput(fs, c, plan.throughputSeconds, (n) => ({
        path: '/v1/raw',
        body: { url: `${light}?c=${c}&n=${n}`, output: { format: 'png' }, fresh: true },
      })),
    );
  }
  say(throughputTable(levels));

  // A last request proves the server still answers after the load.
  const after = await apiCall(fs, '/v1/raw', { url: `${light}?after=1`, fresh: true });
  if (after.status !== 201) extraErrors++;
  await sampler.stop();
  const peak = sampler.peak();
  say(
    `\npeak memory of the API process ${peak.selfMb} MiB, its Chromium ${peak.childrenMb} MiB, together ${peak.totalMb} MiB (PSS)`,
  );

  // No target depends on it: the full bench measures it, `--quick` leaves it out (~15 s).
  let cold: Awaited<ReturnType<typeof lambdaColdStart>> | null = null;
  if (!quick) {
    say(
      `\nLambda cold start: bundle the worker, then ${plan.lambdaRuns} fresh process(es): import, unpack Chromium, launch`,
    );
    cold = await lambdaColdStart(fs.env, binary.args, plan.lambdaRuns);
    say(
      `import ${cold.import_ms} ms + unpack ${cold.unpack_ms} ms + launch ${cold.launch_ms} ms + first page ${cold.first_page_ms} ms = ${cold.total_ms} ms`,
    );
  }

  const summary = summarize(
    { name: 'light', size: SIZE, results: lightResults },
    cache,
    [lightResults, heavyResults, tallResults, articleResults, ...real.map((c) => c.results)],
    levels,
    extraErrors + auth.errors,
    {
      ...summarizeReal(real),
      auth,
      slots: fs.concurrency,
      fullPageVsReference:
        Math.round(
          ((articleResults.frameshot_raw?.p50 ?? 0) / (articleResults.tiled_reference?.p50 || 1)) * 100,
        ) / 100,
    },
  );
  const verdicts = targets(summary);
  say(
    `\nsummary (light page, ${SIZE}, p50): raw ${summary.raw_p50_ms} ms, capture ${summary.capture_p50_ms} ms, floor ${summary.floor_p50_ms} ms, browserless ${summary.browserless_p50_ms} ms, capture-website ${summary.capture_website_p50_ms} ms (warm ${summary.capture_website_warm_p50_ms} ms), cache hit ${summary.cache_hit_p50_ms} ms, errors ${summary.errors}`,
  );
  say(targetTable(verdicts));

  const result = {
    created_at: new Date().toISOString(),
    quick,
    duration_s: Math.round((Date.now() - started) / 1000),
    machine: {
      cpus: os.cpus().length,
      cpu_model: os.cpus()[0]?.model,
      memory_gb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      load_at_end: os.loadavg(),
    },
    chromium: { path: binary.path, source: binary.source, headless: binary.headless },
    frameshot: { browser_slots: fs.concurrency },
    plan,
    summary,
    targets: verdicts,
    cold: { raw_ms: Math.round(coldRaw), capture_ms: Math.round(coldCapture) },
    pages: {
      light: lightResults,
      heavy: heavyResults,
      tall_full_page_1x: tallResults,
      article_full_page_1x: articleResults,
    },
    real_pages: real,
    cache_hit: cache,
    auth_get: auth,
    throughput: levels,
    memory: {
      peak_mb: peak,
      samples: sampler.samples.length,
      /** [seconds since the API started, API MiB, Chromium MiB] every ~2 s of the throughput phase. */
      timeline: sampler.samples
        .filter((_, i) => i % 4 === 0)
        .map((m) => [Math.round(m.at / 1000), m.selfMb, m.childrenMb]),
    },
    lambda_cold_start: cold,
  };
  mkdirSync(RESULTS, { recursive: true });
  const json = `${JSON.stringify(result, null, 2)}\n`;
  writeFileSync(path.join(RESULTS, 'latest.json'), json);
  writeFileSync(path.join(RESULTS, `run-${result.created_at.replace(/[:.]/g, '-')}.json`), json);
  say(`\nwrote bench/results/latest.json in ${elapsed()}`);
} finally {
  await memory?.stop();
  for (const e of engines) await e.close().catch(() => undefined);
  await fs.stop();
  await site.close();
}
