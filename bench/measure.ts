/**
 * @module bench/measure
 * The measurements: engines side by side in round-robin (so background load hits them alike),
 * the cache hit, throughput at a given concurrency, and the Lambda cold-start estimate.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import type { Engine, Shot, ShotOptions } from './engines.ts';
import { apiCall, type Frameshot } from './frameshot.ts';
import { median, percentile, type Summary, summarize } from './stats.ts';

export interface EngineResult extends Summary {
  label: string;
  errors: number;
  /** The first few error messages. */
  error_samples: string[];
  /** Image size of the last successful shot. */
  size?: { width: number; height: number };
  /** Medians of Frameshot's `Server-Timing` stages over the timed runs, ms. */
  stages?: Record<string, number>;
}

export interface SideBySide {
  engine: Engine;
  runs: number;
}

/**
 * Times every engine on `url` (a distinct query per shot), interleaved: run i of each engine, then
 * run i+1 of each. `warmup` untimed shots per engine come first.
 */
export async function sideBySide(
  entries: SideBySide[],
  url: string,
  options: ShotOptions & { warmup: number; onProgress?: (line: string) => void },
): Promise<Record<string, EngineResult>> {
  const state = entries.map(({ engine, runs }) => ({
    engine,
    runs,
    times: [] as number[],
    errors: [] as string[],
    size: undefined as Shot | undefined,
    stages: {} as Record<string, number[]>,
  }));
  const most = Math.max(...entries.map((e) => e.runs));
  for (let i = -options.warmup; i < most; i++) {
    for (const s of state) {
      if (i >= s.runs) continue;
      const target = `${url}${url.includes('?') ? '&' : '?'}shot=${s.engine.id}-${i + options.warmup}`;
      const t0 = performance.now();
      try {
        s.size = await s.engine.shoot(target, options);
        if (i >= 0) {
          s.times.push(performance.now() - t0);
          for (const [k, ms] of Object.entries(s.size.stages ?? {}))
            s.stages[k] = [...(s.stages[k] ?? []), ms];
        }
      } catch (err) {
        if (s.errors.length < 50) s.errors.push((err as Error).message.slice(0, 200));
      }
    }
    if (i >= 0 && (i + 1) % 5 === 0) options.onProgress?.(`  ${i + 1}/${most} runs`);
  }
  return Object.fromEntries(
    state.map((s) => [
      s.engine.id,
      {
        label: s.engine.label,
        ...summarize(s.times),
        errors: s.errors.length,
        error_samples: s.errors.slice(0, 3),
        ...(s.size ? { size: { width: s.size.width, height: s.size.height } } : {}),
        ...(Object.keys(s.stages).length
          ? {
              stages: Object.fromEntries(
                Object.entries(s.stages).map(([k, v]) => [k, Math.round(median(v))]),
              ),
            }
          : {}),
      },
    ]),
  );
}

export interface CacheResult extends Summary {
  p99: number;
  errors: number;
  /** Responses that were not `cached: true`. */
  misses: number;
}

/** The same styled capture asked `runs` times after a first one: every answer should be a hit. */
export async function cacheHits(
  fs: Frameshot,
  body: Record<string, unknown>,
  runs: number,
): Promise<CacheResult> {
  const first = await apiCall(fs, '/v1/capture', body);
  if (first.status !== 201)
    throw new Error(`cache seed failed: HTTP ${first.status} ${JSON.stringify(first.json)}`);
  const times: number[] = [];
  let errors = 0;
  let misses = 0;
  for (let i = 0; i < runs; i++) {
    const res = await apiCall(fs, '/v1/capture', body);
    if (res.status !== 201) errors++;
    else if (res.json.cached !== true) misses++;
    else times.push(res.ms);
  }
  return { ...summarize(times), p99: Math.round(percentile(times, 99) * 10) / 10, errors, misses };
}

export interface AuthGetResult {
  p50_ms: number;
  p99_ms: number;
  /** `GET /v1/usage` answered per second by autocannon, 10 keep-alive connections. */
  rps: number;
  errors: number;
}

/**
 * An authenticated `GET /v1/usage`, as bench/hot-path.ts measures it: `runs` one at a time over
 * Node's keep-alive `fetch`, then autocannon for `seconds`.
 */
export async function authGets(fs: Frameshot, runs: number, seconds: number): Promise<AuthGetResult> {
  const headers = { Authorization: `Bearer ${fs.apiKey}` };
  const times: number[] = [];
  let errors = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const res = await fetch(`${fs.baseUrl}/v1/usage`, { headers });
    await res.arrayBuffer();
    if (res.status === 200) times.push(performance.now() - t0);
    else errors++;
  }
  const load = await autocannon({
    url: `${fs.baseUrl}/v1/usage`,
    connections: 10,
    duration: seconds,
    headers,
  });
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    p50_ms: round(median(times)),
    p99_ms: round(percentile(times, 99)),
    rps: Math.round(load.requests.average),
    errors: errors + load.errors + load.non2xx,
  };
}

export interface ThroughputResult {
  concurrency: number;
  requests: number;
  ok: number;
  errors: number;
  status_5xx: number;
  captures_per_s: number;
  p50_ms: number;
  p95_ms: number;
  statuses: Record<string, number>;
}

/** `concurrency` clients each sending captures back to back for `seconds`; all in flight finish. */
export async function throughput(
  fs: Frameshot,
  concurrency: number,
  seconds: number,
  request: (n: number) => { path: string; body: unknown },
): Promise<ThroughputResult> {
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  let n = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const { path: route, body } = request(n++);
        const res = await apiCall(fs, route, body);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status === 201) times.push(res.ms);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const requests = Object.values(statuses).reduce((a, b) => a + b, 0);
  const fivexx = Object.entries(statuses)
    .filter(([s]) => Number(s) >= 500 || s === '0')
    .reduce((a, [, c]) => a + c, 0);
  return {
    concurrency,
    requests,
    ok: times.length,
    errors: requests - times.length,
    status_5xx: fivexx,
    captures_per_s: Math.round((times.length / elapsed) * 100) / 100,
    p50_ms: Math.round(median(times)),
    p95_ms: Math.round(percentile(times, 95)),
    statuses,
  };
}

export interface ColdStart {
  runs: number;
  /** The bundle imported. */
  bundle: string;
  import_ms: number;
  unpack_ms: number;
  launch_ms: number;
  first_page_ms: number;
  total_ms: number;
}

type ColdSample = Omit<ColdStart, 'runs' | 'bundle'>;

const LAMBDA_COLD = path.join(import.meta.dirname, 'lambda-cold.mjs');
const DIST_WORKER = 'dist/functions/worker.mjs';

/**
 * Builds the Lambda bundles (`npm run build:lambda`), then starts `runs` fresh processes that
 * import the worker bundle and launch Chromium.
 */
export async function lambdaColdStart(
  env: Record<string, string>,
  chromiumArgs: string[],
  runs: number,
): Promise<ColdStart> {
  await run(process.execPath, ['--import', 'tsx', 'scripts/build-lambda.ts'], process.env);
  const samples: ColdSample[] = [];
  for (let i = 0; i < runs; i++) samples.push(await coldOnce(DIST_WORKER, env, chromiumArgs));
  const med = (k: keyof ColdSample) => Math.round(median(samples.map((s) => s[k])));
  return {
    runs,
    bundle: DIST_WORKER,
    import_ms: med('import_ms'),
    unpack_ms: med('unpack_ms'),
    launch_ms: med('launch_ms'),
    first_page_ms: med('first_page_ms'),
    total_ms: med('total_ms'),
  };
}

async function coldOnce(
  bundle: string,
  env: Record<string, string>,
  chromiumArgs: string[],
): Promise<ColdSample> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'frameshot-lambda-'));
  try {
    const out = await run(process.execPath, [LAMBDA_COLD, bundle], {
      ...process.env,
      ...env,
      TMPDIR: tmp,
      FRAMESHOT_LOG_LEVEL: 'SILENT',
      BENCH_CHROMIUM_ARGS: JSON.stringify(chromiumArgs),
    });
    return JSON.parse(out.trim().split('\n').at(-1)!);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`${path.basename(args[0] ?? cmd)} exited ${code}: ${err}`)),
    );
  });
}
