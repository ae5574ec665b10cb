/**
 * A Lambda cold start, estimated in a fresh Node process (plain JS, so no loader adds time):
 * import the bundled worker, inflate Chromium from the layer's brotli files into an empty TMPDIR
 * as a new Lambda sandbox does (`executablePath(FRAMESHOT_CHROMIUM_BIN_DIR)`), launch it the way
 * the pool does and open a page. Prints one JSON line of milliseconds, and the MB in TMPDIR after
 * the unpack and after the first page.
 *
 * Usage:
 * - `node bench/lambda-cold.mjs [bundle]` (default dist/functions/worker.mjs, built by
 *   `npm run build:lambda`), with the stack's environment and BENCH_CHROMIUM_ARGS (JSON) set;
 *   `bench/run.ts` does this. The brotli files come from FRAMESHOT_CHROMIUM_BIN_DIR, else the
 *   layer folder the build wrote (dist/layers/chromium-x86_64/chromium/bin), else the package's.
 * - `node bench/lambda-cold.mjs --package [dir] [runs]`: the real deployment package. Unzips
 *   `<dir>/worker.zip` (default .serverless, written by `npm run package`) and `<dir>/chromium.zip`
 *   side by side as Lambda lays them out (the function's code, the layer under an /opt-like
 *   folder), then runs the measurement `runs` times (default 3), each in a fresh process and
 *   TMPDIR, and prints every run and their medians.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const KEYS = [
  'import_ms',
  'unpack_ms',
  'launch_ms',
  'first_page_ms',
  'total_ms',
  'tmp_unpacked_mb',
  'tmp_after_page_mb',
];

/** Bytes of the files under `dir`; a running Chromium adds and removes some as it goes. */
function bytesUnder(dir) {
  let total = 0;
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) total += bytesUnder(file);
      else if (entry.isFile()) total += statSync(file, { throwIfNoEntry: false })?.size ?? 0;
    }
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
  }
  return total;
}

const mbUnder = (dir) => Math.round((bytesUnder(dir) / 1024 / 1024) * 10) / 10;

/** The @sparticuz/chromium the bundle would import: the nearest node_modules above it (ESM entry). */
function chromiumModuleFor(bundle) {
  for (let dir = path.dirname(bundle); ; dir = path.dirname(dir)) {
    const pkgDir = path.join(dir, 'node_modules', '@sparticuz', 'chromium');
    if (existsSync(path.join(pkgDir, 'package.json'))) {
      const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
      return pathToFileURL(path.join(pkgDir, pkg.exports['.'].import.default)).href;
    }
    if (path.dirname(dir) === dir) return '@sparticuz/chromium';
  }
}

async function measureOnce(bundle) {
  const binDir =
    process.env.FRAMESHOT_CHROMIUM_BIN_DIR ??
    (existsSync('dist/layers/chromium-x86_64/chromium/bin')
      ? path.resolve('dist/layers/chromium-x86_64/chromium/bin')
      : undefined);
  const t0 = performance.now();
  await import(pathToFileURL(bundle).href);
  const imported = performance.now();

  const { default: chromium } = await import(chromiumModuleFor(bundle));
  const executablePath = await chromium.executablePath(binDir);
  const unpacked = performance.now();
  const tmpUnpacked = mbUnder(os.tmpdir());

  const { default: puppeteer } = await import('puppeteer-core');
  // The switches the pool uses (lib/capture/chromium.ts), handed over by the harness; without
  // one, @sparticuz/chromium's less the two the pool drops.
  const args = process.env.BENCH_CHROMIUM_ARGS
    ? JSON.parse(process.env.BENCH_CHROMIUM_ARGS)
    : chromium.args.filter((a) => a !== '--single-process' && a !== "--headless='shell'");
  const browser = await puppeteer.launch({ executablePath, headless: 'shell', args, pipe: true });
  const launched = performance.now();
  const page = await browser.newPage();
  await page.goto('about:blank');
  const ready = performance.now();
  const tmpAfterPage = mbUnder(os.tmpdir());
  await browser.close();

  const round = (n) => Math.round(n);
  return {
    import_ms: round(imported - t0),
    unpack_ms: round(unpacked - imported),
    launch_ms: round(launched - unpacked),
    first_page_ms: round(ready - launched),
    total_ms: round(ready - t0),
    tmp_unpacked_mb: tmpUnpacked,
    tmp_after_page_mb: tmpAfterPage,
  };
}

async function measurePackage(dir, runs) {
  const { default: extract } = await import('extract-zip');
  const root = mkdtempSync(path.join(os.tmpdir(), 'frameshot-cold-'));
  try {
    const task = path.join(root, 'task');
    const opt = path.join(root, 'opt');
    await extract(path.resolve(dir, 'worker.zip'), { dir: task });
    await extract(path.resolve(dir, 'chromium.zip'), { dir: opt });
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const tmp = mkdtempSync(path.join(root, 'tmp-'));
      const child = spawnSync(
        process.execPath,
        [fileURLToPath(import.meta.url), path.join(task, 'dist/functions/worker.mjs')],
        {
          cwd: task,
          encoding: 'utf8',
          env: {
            FRAMESHOT_RENDER_SECRET: 'x'.repeat(32),
            ...process.env,
            TMPDIR: tmp,
            FRAMESHOT_CHROMIUM_BIN_DIR: path.join(opt, 'chromium/bin'),
            FRAMESHOT_LOG_LEVEL: 'SILENT',
          },
        },
      );
      if (child.status !== 0) throw new Error(`run ${i + 1} exited ${child.status}: ${child.stderr}`);
      const sample = JSON.parse(child.stdout.trim().split('\n').at(-1));
      samples.push(sample);
      console.log(JSON.stringify({ run: i + 1, ...sample }));
      rmSync(tmp, { recursive: true, force: true });
    }
    const median = (xs) => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    };
    console.log(
      JSON.stringify({
        runs,
        median: Object.fromEntries(KEYS.map((k) => [k, median(samples.map((s) => s[k]))])),
      }),
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--package') {
  await measurePackage(process.argv[3] ?? '.serverless', Number(process.argv[4] ?? 3));
} else {
  const result = await measureOnce(path.resolve(process.argv[2] ?? 'dist/functions/worker.mjs'));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
// The bundle's module-scope clients keep sockets open; a Lambda sandbox would be frozen here.
process.exit(0);
