/**
 * `tsx bench/hot-path.ts [--runs N] [--seconds S] [--accounts A] [--debits N]`: the hot path of a running local
 * stack (`npm start`), through Node's `fetch` (keep-alive, one request at a time): a cache hit
 * (`POST /v1/capture` with a body already rendered) and an authenticated `GET /v1/usage`
 * (p50/p99), then `GET /v1/usage` throughput with autocannon (keep-alive, 10 connections).
 *
 * `--debits N` gives each account N charged captures of the last days first (a long-lived
 * account: `GET /v1/usage` once read every ledger entry of 31 days).
 *
 * The requests go round-robin over `--accounts` accounts (default 10) on the pro plan's limits
 * raised out of reach: the rate-limit item holds one attribute per admission in the last minute
 * (billing/rate-limit), so one account asked hundreds of times a second makes every write
 * heavier and measures that item, not the path. `--accounts 1` shows that case.
 *
 * It reads the stack's endpoints from `<FRAMESHOT_DATA_DIR>/stack.json` and makes its accounts
 * there. The page to capture defaults to `http://127.0.0.1:8798/basic.html`
 * (`python3 -m http.server 8798` in test/fixtures/pages; the stack needs
 * FRAMESHOT_ALLOW_PRIVATE_TARGETS=true).
 *
 *   FRAMESHOT_DATA_DIR=.data PORT=8799 tsx bench/hot-path.ts --runs 500
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { destroyClients } from '../lib/aws/clients.ts';
import { grantCredits, reserveCredits } from '../lib/billing/ledger.ts';
import { loadConfig } from '../lib/config.ts';
import { depsFromConfig } from '../lib/deps.ts';
import { readStackFile } from '../lib/local/stack-file.ts';
import { createAccount, setLimits } from '../lib/store/accounts.ts';
import { createApiKey } from '../lib/store/api-keys.ts';
import { median, percentile } from './stats.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '300' },
    seconds: { type: 'string', default: '10' },
    accounts: { type: 'string', default: '10' },
    page: { type: 'string', default: 'http://127.0.0.1:8798/basic.html' },
    debits: { type: 'string', default: '0' },
  },
});
const runs = Number(args.runs);
const base = loadConfig();
const stack = readStackFile(base.dataDir);
if (!stack) throw new Error(`No running stack in ${base.dataDir}/ (stack.json): start it with npm start`);
const config = loadConfig({ ...stack.env, FRAMESHOT_LOG_LEVEL: 'SILENT' });
const origin = `http://127.0.0.1:${base.port}`;

const deps = depsFromConfig(config);
const now = Date.now();
const keys: string[] = [];
for (let i = 0; i < Number(args.accounts); i++) {
  const account = await createAccount(deps.table, { name: 'hot-path bench', plan: 'pro', now });
  await setLimits(deps.table, account.id, { requests_per_minute: 1_000_000 });
  await grantCredits(deps.table, account.id, 1000 + Number(args.debits), now, 'benchmark');
  // A long-lived account: its captures of the last days, one a minute, ten at a time.
  for (let i = 0; i < Number(args.debits); i += 10)
    await Promise.all(
      Array.from({ length: Math.min(10, Number(args.debits) - i) }, (_, j) =>
        reserveCredits(deps.table, account.id, 1, `hot-path-${i + j}`, now - (i + j) * 60_000),
      ),
    );
  keys.push((await createApiKey(deps.table, { accountId: account.id, test: false, now })).apiKey);
}
destroyClients(deps.aws);

async function timed(
  key: string,
  path: string,
  init: RequestInit = {},
): Promise<{ ms: number; json: { cached?: boolean } }> {
  const headers = { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' };
  const t0 = performance.now();
  const res = await fetch(`${origin}${path}`, { ...init, headers });
  const json = await res.json();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${JSON.stringify(json)}`);
  return { ms, json };
}

/** `runs` requests after 20 unmeasured ones, round-robin over the accounts. */
async function sample(ask: (key: string) => Promise<{ ms: number }>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs + 20; i++) {
    const { ms } = await ask(keys[i % keys.length]!);
    if (i >= 20) samples.push(ms);
  }
  return samples;
}

const row = (name: string, samples: number[]) =>
  `${name.padEnd(16)} p50 ${median(samples).toFixed(1).padStart(6)} ms   p99 ${percentile(samples, 99)
    .toFixed(1)
    .padStart(6)} ms   (${samples.length} runs)`;

const body = JSON.stringify({ url: `${args.page}?hot-path=${now}`, device: 'iphone-16-pro' });
for (const key of keys) await timed(key, '/v1/capture', { method: 'POST', body });
const hits = await sample(async (key) => {
  const answer = await timed(key, '/v1/capture', { method: 'POST', body });
  if (answer.json.cached !== true) throw new Error('expected a cache hit');
  return answer;
});
const gets = await sample((key) => timed(key, '/v1/usage'));
let next = 0;
const load = await autocannon({
  url: `${origin}/v1/usage`,
  connections: 10,
  duration: Number(args.seconds),
  requests: [
    {
      method: 'GET',
      setupRequest: (request) => ({
        ...request,
        headers: { Authorization: `Bearer ${keys[next++ % keys.length]}` },
      }),
    },
  ],
});
const non2xx = (load as unknown as { non2xx: number }).non2xx;
process.stdout.write(
  `${[
    row('cache hit', hits),
    row('GET /v1/usage', gets),
    `GET /v1/usage    ${Math.round(load.requests.average)} req/s (10 keep-alive connections, ${args.seconds} s; latency p50 ${load.latency.p50} ms, p99 ${load.latency.p99} ms, ${non2xx} non-2xx, ${load.errors} errors)`,
  ].join('\n')}\n`,
);
console.log(
  JSON.stringify({
    accounts: keys.length,
    cache_hit_p50_ms: median(hits),
    cache_hit_p99_ms: percentile(hits, 99),
    auth_get_p50_ms: median(gets),
    auth_get_p99_ms: percentile(gets, 99),
    auth_get_rps: Math.round(load.requests.average),
  }),
);
