/**
 * A Lambda cold start, estimated in a fresh Node process (plain JS, so no loader adds time):
 * import the bundled worker (`dist/functions/worker.mjs`, built by `npm run build:lambda`), unpack
 * the @sparticuz/chromium binary into an empty TMPDIR as a new Lambda sandbox does, launch it the
 * way the pool does and open a page. Prints one JSON line of milliseconds.
 *
 * Usage: node bench/lambda-cold.mjs dist/functions/worker.mjs, with the stack's environment and
 * BENCH_CHROMIUM_ARGS (JSON) set; `bench/run.ts` does this.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const bundle = path.resolve(process.argv[2] ?? 'dist/functions/worker.mjs');
const t0 = performance.now();
await import(pathToFileURL(bundle).href);
const imported = performance.now();

const { default: chromium } = await import('@sparticuz/chromium');
const executablePath = await chromium.executablePath();
const unpacked = performance.now();

const { default: puppeteer } = await import('puppeteer-core');
// The switches the pool uses (lib/capture/chromium.ts), handed over by the harness.
const args = JSON.parse(process.env.BENCH_CHROMIUM_ARGS ?? '[]');
const browser = await puppeteer.launch({ executablePath, headless: 'shell', args, pipe: true });
const launched = performance.now();
const page = await browser.newPage();
await page.goto('about:blank');
const ready = performance.now();
await browser.close();

const round = (n) => Math.round(n);
process.stdout.write(
  `${JSON.stringify({
    import_ms: round(imported - t0),
    unpack_ms: round(unpacked - imported),
    launch_ms: round(launched - unpacked),
    first_page_ms: round(ready - launched),
    total_ms: round(ready - t0),
  })}\n`,
);
// The bundle's module-scope clients keep sockets open; a Lambda sandbox would be frozen here.
process.exit(0);
