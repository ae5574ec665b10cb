/**
 * What containment costs (docs/capture.md § Containment): one capture of a page with three
 * cross-site frames and a heavy body, 1440×900 @2, on a warm browser, with Chromium's sandbox
 * on or off and site isolation on or off. The four browsers run side by side and take turns, so
 * machine noise spreads over all of them. Prints medians (ms) and the browser's memory (MiB).
 *
 *   npx tsx bench/containment.ts [runs=15]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { resolveChromium } from '../lib/capture/chromium.ts';
import { groupUsage } from '../lib/capture/processes.ts';
import { launchChromium } from '../lib/capture/sandbox.ts';
import { median } from './stats.ts';

const RUNS = Number(process.argv[2] ?? 15);
const ISOLATION_OFF = [
  '--disable-site-isolation-trials',
  '--disable-features=IsolateOrigins,site-per-process',
];

const server = http.createServer((req, res) => {
  res.setHeader('content-type', 'text/html');
  if (req.url === '/frame')
    return res.end('<body style="background:#def"><h2>frame</h2><p>'.padEnd(4000, 'x'));
  const port = (server.address() as { port: number }).port;
  // /plain: the same page with its frames on its own site, which site isolation leaves alone.
  const hosts =
    req.url === '/plain' ? ['127.0.0.1', '127.0.0.1', '127.0.0.1'] : ['localhost', '127.0.0.2', '127.0.0.3'];
  const frames = hosts
    .map((h) => `<iframe src="http://${h}:${port}/frame" width="400" height="300"></iframe>`)
    .join('');
  res.end(`<!doctype html><h1>Containment</h1>${frames}<div>${'<p>paragraph of text</p>'.repeat(400)}</div>`);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;

interface Variant {
  name: string;
  browser: Browser;
  dir: string;
  sandboxed: boolean;
  times: number[];
  plain: number[];
}

const binary = await resolveChromium();
const variants: Variant[] = [];
for (const [sandbox, isolation] of [
  ['auto', true],
  ['off', true],
  ['auto', false],
  ['off', false],
] as const) {
  const dir = await mkdtemp(join(tmpdir(), 'frameshot-bench-'));
  const extra = isolation ? ['--site-per-process'] : ISOLATION_OFF;
  const { browser, sandboxed } = await launchChromium(binary, dir, sandbox, extra);
  variants.push({
    name: `sandbox ${sandbox}, isolation ${isolation ? 'on' : 'off'}`,
    browser,
    dir,
    sandboxed,
    times: [],
    plain: [],
  });
}

async function shoot(browser: Browser, path = ''): Promise<number> {
  const started = performance.now();
  const context = await browser.createBrowserContext({ proxyServer: 'direct://' });
  const page = await context.newPage();
  await page.setViewport({ width: 1440, height: 900, deviceScaleFactor: 2 });
  await page.goto(origin + path, { waitUntil: 'load' });
  await page.screenshot({ optimizeForSpeed: true });
  await context.close();
  return performance.now() - started;
}

for (const v of variants) await shoot(v.browser); // warm
const peak = new Map<Variant, number>();
for (let i = 0; i < RUNS; i++) {
  for (const v of variants) {
    v.times.push(await shoot(v.browser));
    v.plain.push(await shoot(v.browser, 'plain'));
    const pid = v.browser.process()?.pid;
    if (pid) peak.set(v, Math.max(peak.get(v) ?? 0, (await groupUsage(pid)).memoryMb));
  }
}
console.log(
  `${RUNS} runs each, interleaved; 1440x900 @2; a page with 3 cross-site frames / the same with same-site frames`,
);
for (const v of variants) {
  console.log(
    `${v.name.padEnd(28)} sandboxed=${String(v.sandboxed).padEnd(5)} median ${median(v.times).toFixed(0)} / ${median(v.plain).toFixed(0)} ms, peak ${peak.get(v)?.toFixed(0)} MiB`,
  );
}
for (const v of variants) {
  await v.browser.close();
  await rm(v.dir, { recursive: true, force: true });
}
server.close();
