/**
 * `npm run test:load [-- --quick] [-- --in-memory]`: autocannon against a local Frameshot API for a bounded time.
 *
 * 1. router: no key → 401, the cheapest rejected path;
 * 2. auth + validation: valid keys and an invalid body → 400, at high rate: spread over 50
 *    accounts, then all on one account, then one `free` account past its rate limit (→ 429);
 * 3. a capture mix (raw and framed captures of the bench pages) at 2× the browser slots: captures
 *    queue for a slot, none may fail.
 *
 * The API's memory (its process and its Chromium) is sampled throughout. Prints a summary; exits
 * 1 on any 5xx, socket error or timeout.
 */
import '../scripts/quiet-sdk.ts';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import { startBenchSite } from './fixture-server.ts';
import { apiCall, startFrameshot } from './frameshot.ts';
import { type MemorySample, sampleMemory } from './memory.ts';
import { table } from './stats.ts';

const { values: flags } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, 'in-memory': { type: 'boolean', default: false } },
});
const seconds = flags.quick
  ? { router: 3, validation: 5, captures: 15 }
  : { router: 5, validation: 10, captures: 40 };
const say = (line = '') => process.stdout.write(`${line}\n`);

interface Phase {
  name: string;
  result: Result;
  memory: { startMb: number; peakMb: number; endMb: number };
}

const site = await startBenchSite();
const fs = await startFrameshot({ inMemory: flags['in-memory'] });
say(`DynamoDB Local ${flags['in-memory'] ? 'in memory' : 'on disk (temp data dir)'}; API on ${fs.baseUrl}`);
const memory = sampleMemory(fs.pid, 500);
const phases: Phase[] = [];
let failed = false;

async function phase(name: string, options: Parameters<typeof autocannon>[0]): Promise<Phase> {
  const from = memory.samples.length;
  const result = await autocannon(options);
  const window = memory.samples.slice(from);
  const total = (s: MemorySample | undefined) => (s ? s.selfMb + s.childrenMb : 0);
  const entry = {
    name,
    result,
    memory: {
      startMb: total(window[0]),
      peakMb: Math.max(0, ...window.map(total)),
      endMb: total(window.at(-1)),
    },
  };
  phases.push(entry);
  say(
    `${name}: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, statuses ${JSON.stringify(statusCounts(result))}, errors ${result.errors}, timeouts ${result.timeouts}`,
  );
  return entry;
}

const statusCounts = (r: Result) =>
  Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count]));

try {
  const auth = { Authorization: `Bearer ${fs.apiKey}`, 'Content-Type': 'application/json' };
  // Warm the browser so the capture phase measures steady state, not the launch.
  await apiCall(fs, '/v1/raw', { url: `${site.origin}/light.html?warm=1`, fresh: true });

  await phase('router (no key → 401)', {
    url: `${fs.baseUrl}/v1/capture`,
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ url: 'https://example.com' }),
    connections: 50,
    duration: seconds.router,
  });
  // Many accounts, as real traffic at this rate is: each request goes through a different one.
  const accounts = await Promise.all(Array.from({ length: 50 }, () => fs.newAccount()));
  let k = 0;
  const invalid = JSON.stringify({ url: 42, device: 'nokia-3310', padding: 'wide' });
  await phase('auth + validation, 50 accounts (→ 400)', {
    url: `${fs.baseUrl}/v1/capture`,
    connections: 50,
    duration: seconds.validation,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({
          ...req,
          headers: {
            Authorization: `Bearer ${accounts[k++ % accounts.length]!.apiKey}`,
            'Content-Type': 'application/json',
          },
          body: invalid,
        }),
      },
    ],
  });
  await phase('auth + validation, 1 account (→ 400)', {
    url: `${fs.baseUrl}/v1/capture`,
    method: 'POST',
    headers: auth,
    body: invalid,
    connections: 50,
    duration: seconds.validation,
  });
  const free = await fs.newAccount({ plan: 'free' });
  await phase('1 free account past its limit (→ 429)', {
    url: `${fs.baseUrl}/v1/capture`,
    method: 'POST',
    headers: { Authorization: `Bearer ${free.apiKey}`, 'Content-Type': 'application/json' },
    body: invalid,
    connections: 50,
    duration: seconds.validation,
  });

  const mix = [
    { path: '/v1/raw', body: (n: number) => ({ url: `${site.origin}/light.html?load=${n}` }) },
    {
      path: '/v1/capture',
      body: (n: number) => ({ url: `${site.origin}/light.html?load=${n}`, device: 'browser-macos' }),
    },
    { path: '/v1/raw', body: (n: number) => ({ url: `${site.origin}/heavy.html?load=${n}` }) },
    {
      path: '/v1/capture',
      body: (n: number) => ({ url: `${site.origin}/heavy.html?load=${n}`, device: 'iphone-16-pro' }),
    },
  ];
  let n = 0;
  const connections = fs.concurrency * 2;
  // Every kind of the mix twice first: frame layers and other per-style caches fill up front, so
  // the phase's memory shows steady state, not warm-up.
  for (let round = 0; round < 2; round++) {
    for (const [i, pick] of mix.entries()) {
      await apiCall(fs, pick.path, { ...pick.body(-(round * mix.length + i + 1)), fresh: true });
    }
  }
  say(
    `capture mix at ${connections} connections (${fs.concurrency} browser slots) for ${seconds.captures} s …`,
  );
  const captures = await phase(`capture mix (${connections} connections)`, {
    url: fs.baseUrl,
    connections,
    duration: seconds.captures,
    timeout: 60,
    requests: [
      {
        method: 'POST',
        headers: auth,
        setupRequest: (req) => {
          const pick = mix[n % mix.length]!;
          n++;
          return { ...req, path: pick.path, body: JSON.stringify({ ...pick.body(n), fresh: true }) };
        },
      },
    ],
  });

  // Memory over the capture phase: the last third against the first third.
  const window = memory.samples.filter((s) => s.at > 0).slice(-Math.ceil((seconds.captures * 1000) / 500));
  const third = Math.max(1, Math.floor(window.length / 3));
  const avg = (xs: MemorySample[]) => xs.reduce((a, s) => a + s.selfMb + s.childrenMb, 0) / (xs.length || 1);
  const growth = avg(window.slice(-third)) / (avg(window.slice(0, third)) || 1) - 1;

  await memory.stop();
  say();
  say(
    table(
      [
        'phase',
        'req/s',
        'p50 ms',
        'p99 ms',
        '2xx',
        '4xx',
        '5xx',
        'errors',
        'timeouts',
        'memory MiB start→peak→end',
      ],
      phases.map((p) => [
        p.name,
        String(Math.round(p.result.requests.average)),
        String(p.result.latency.p50),
        String(p.result.latency.p99),
        String(p.result['2xx']),
        String(p.result['4xx']),
        String(p.result['5xx']),
        String(p.result.errors),
        String(p.result.timeouts),
        `${p.memory.startMb}→${p.memory.peakMb}→${p.memory.endMb}`,
      ]),
    ),
  );
  say(
    `capture mix: ${captures.result['2xx']} captures in ${captures.result.duration} s; memory (API + Chromium) ${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(0)}% from the first to the last third of the phase`,
  );
  for (const p of phases) {
    if (p.result['5xx'] > 0 || p.result.errors > 0 || p.result.timeouts > 0) {
      failed = true;
      say(
        `FAIL ${p.name}: ${p.result['5xx']} 5xx, ${p.result.errors} socket errors, ${p.result.timeouts} timeouts`,
      );
    }
  }
  if (growth > 0.25) say('WARN memory grew more than 25% during the capture mix');
  say(failed ? 'load: FAILED' : 'load: ok, zero 5xx');
} finally {
  await memory.stop();
  await fs.stop();
  await site.close();
}
process.exit(failed ? 1 : 0);
