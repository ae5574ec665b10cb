/**
 * @module bench/frameshot
 * A Frameshot deployment for measurements: the local stack (DynamoDB Local, fauxqs, s3rver) in a
 * temp data dir with private targets allowed, the API in a child process (`bench/server.ts`), and
 * an account with plenty of credits and a rate limit no benchmark reaches.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { destroyClients } from '../lib/aws/clients.ts';
import { grantCredits } from '../lib/billing/ledger.ts';
import { loadConfig } from '../lib/config.ts';
import { depsFromConfig } from '../lib/deps.ts';
import { startLocalStack } from '../lib/local/stack.ts';
import { createAccount } from '../lib/store/accounts.ts';
import { createApiKey } from '../lib/store/api-keys.ts';

const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));

/** A plan no benchmark hits: its limits are not what is measured. */
const BENCH_PLAN = JSON.stringify({
  bench: { monthly_credits: 10_000_000, requests_per_minute: 1_000_000, concurrent_captures: 64 },
});

export interface Frameshot {
  baseUrl: string;
  apiKey: string;
  accountId: string;
  /** The API process (its descendants are its Chromium). */
  pid: number;
  /** The environment the API runs with (emulator endpoints, secrets, queue URLs). */
  env: Record<string, string>;
  /** Browser slots the API runs with. */
  concurrency: number;
  /** Another account with a live key (default: the bench plan and 10 million credits). */
  newAccount(options?: { plan?: string; credits?: number }): Promise<{ accountId: string; apiKey: string }>;
  /** Stops the API process (and its Chromium), then the emulators; removes the data dir. */
  stop(): Promise<void>;
}

export interface FrameshotOptions {
  /** Extra FRAMESHOT_* settings for the API process. */
  env?: Record<string, string>;
  /** DynamoDB Local in memory instead of on disk in the data dir (as the tests run it). */
  inMemory?: boolean;
}

export async function startFrameshot(options: FrameshotOptions = {}): Promise<Frameshot> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'frameshot-bench-'));
  const stack = await startLocalStack({
    ...(options.inMemory ? {} : { dataDir }),
    env: {
      FRAMESHOT_ALLOW_PRIVATE_TARGETS: 'true',
      FRAMESHOT_LOG_LEVEL: 'SILENT',
      FRAMESHOT_PLANS: BENCH_PLAN,
      FRAMESHOT_DATA_DIR: dataDir,
      ...options.env,
    },
  });
  const config = loadConfig(stack.env);
  const deps = depsFromConfig(config);
  let child: ChildProcess | undefined;
  try {
    const newAccount = async ({ plan = 'bench', credits = 10_000_000 } = {}) => {
      const now = Date.now();
      const account = await createAccount(deps.table, { name: 'bench', plan, now });
      if (credits > 0) await grantCredits(deps.table, account.id, credits, now, 'benchmark');
      const { apiKey } = await createApiKey(deps.table, { accountId: account.id, test: false, now });
      return { accountId: account.id, apiKey };
    };
    const { accountId, apiKey } = await newAccount();

    child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
      env: { ...process.env, ...stack.env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child!.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        const line = /^\{"port":(\d+)\}$/m.exec(out);
        if (line) resolve(Number(line[1]));
      });
      child!.once('exit', (code) => reject(new Error(`the API process exited (${code}) before listening`)));
    });
    const server = child;
    let stopped = false;
    // A crash or Ctrl-C must not leave the API (and its Chromium) or DynamoDB Local running: on
    // the way out, synchronously ask both to stop (the API closes its browser on SIGTERM).
    const abandon = () => {
      if (stopped) return;
      stopped = true;
      server.kill('SIGTERM');
      const pidFile = path.join(dataDir, 'dynamodb', 'dynamodb.pid');
      if (existsSync(pidFile)) {
        try {
          process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGTERM');
        } catch {
          // Already gone.
        }
      }
      rmSync(dataDir, { recursive: true, force: true });
    };
    const onSignal = () => {
      abandon();
      process.exit(130);
    };
    process.once('exit', abandon);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey,
      accountId,
      pid: server.pid!,
      env: stack.env,
      concurrency: config.browser.concurrency,
      newAccount,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        process.off('exit', abandon);
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        destroyClients(deps.aws);
        await stopChild(server);
        await stack.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    destroyClients(deps.aws);
    if (child) await stopChild(child);
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface ApiResult {
  status: number;
  ms: number;
  /** The response's `Server-Timing` stages, ms. */
  stages: Record<string, number>;
  // biome-ignore lint/suspicious/noExplicitAny: response JSON is read loosely by the harness.
  json: any;
}

/** One API call over HTTP, timed from the request until the whole response body is in. */
export async function apiCall(fs: Frameshot, path: string, body: unknown): Promise<ApiResult> {
  const t0 = performance.now();
  try {
    const res = await fetch(fs.baseUrl + path, {
      method: 'POST',
      headers: { Authorization: `Bearer ${fs.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    const ms = performance.now() - t0;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, ms, json, stages: serverTiming(res.headers.get('server-timing')) };
  } catch (err) {
    return {
      status: 0,
      ms: performance.now() - t0,
      json: { error: { message: (err as Error).message } },
      stages: {},
    };
  }
}

/** `auth;dur=6, queue;dur=0, …` → `{ auth: 6, queue: 0, … }`. */
export function serverTiming(header: string | null): Record<string, number> {
  const stages: Record<string, number> = {};
  for (const [, name, ms] of (header ?? '').matchAll(/([\w-]+);dur=([\d.]+)/g)) stages[name!] = Number(ms);
  return stages;
}
